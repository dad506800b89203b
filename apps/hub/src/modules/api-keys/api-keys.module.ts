import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeys } from './api-keys.service';

/** API keys as a port (ApiKeys): the owner guard resolves keys with it, the WordPress connect flow issues them. */
@Module({ providers: [ApiKeyRepository, ApiKeys], exports: [ApiKeys] })
export class ApiKeysModule {}
