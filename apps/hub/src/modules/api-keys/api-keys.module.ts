import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysController } from './api-keys.controller';

/** The API-key routes (session only). The key lookup itself is AuthModule's: its guard checks every request. */
@Module({ imports: [AuthModule], controllers: [ApiKeysController] })
export class ApiKeysModule {}
