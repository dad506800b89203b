import { Module } from '@nestjs/common';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { AuthController } from './auth.controller';
import { AuthModule } from './auth.module';

/** The account routes: sign-up, login, logout and API keys. */
@Module({ imports: [AuthModule], controllers: [AuthController, ApiKeysController] })
export class AuthHttpModule {}
