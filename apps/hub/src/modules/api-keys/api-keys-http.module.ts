import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysModule } from './api-keys.module';

/** The API-key routes (session only), where the hub serves HTTP. */
@Module({ imports: [AuthModule, ApiKeysModule], controllers: [ApiKeysController] })
export class ApiKeysHttpModule {}
