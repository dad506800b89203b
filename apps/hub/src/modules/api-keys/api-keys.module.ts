import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeys } from './api-keys.service';

/**
 * API keys as a port (ApiKeys): the owner guard resolves keys with it, the WordPress connect flow issues them. A revoked
 * key is closed in the shared rate-limit store, so the guard refuses it at once on every process.
 */
@Module({ imports: [RateLimitModule], providers: [ApiKeyRepository, ApiKeys], exports: [ApiKeys] })
export class ApiKeysModule {}
