import { Body, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { apiKeySchema, ApiKeyView, createApiKeySchema, createdApiKeySchema } from '@tagphoto/contracts';
import { z } from 'zod';
import { NotFoundError } from '../../common/errors';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { SecurityLog } from '../audit/security-log';
import { type ApiKeyRecord, ApiKeys } from './api-keys.service';

const toView = (key: ApiKeyRecord): ApiKeyView => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

/** API keys are managed from a signed-in session only: a leaked key cannot mint more keys. */
@OwnerController('v1/api-keys', { tag: 'api-keys' })
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeys,
    private readonly audit: SecurityLog,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ schema: openApiSchema(createApiKeySchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(createdApiKeySchema) })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createApiKeySchema)) body: z.infer<typeof createApiKeySchema>,
  ): Promise<z.infer<typeof createdApiKeySchema>> {
    const { record, key } = await this.keys.issue(principal.ownerId, body.name);
    await this.audit.record(principal.ownerId, 'api_key.created', {
      id: record.id,
      name: record.name,
      prefix: record.prefix,
    });
    return { id: record.id, name: record.name, key, prefix: record.prefix };
  }

  @Get()
  @ApiOkResponse({ schema: openApiSchema(z.array(apiKeySchema)) })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyView[]> {
    return (await this.keys.list(principal.ownerId)).map(toView);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    if (!(await this.keys.revoke(principal.ownerId, id, new Date()))) throw new NotFoundError('API key');
    await this.audit.record(principal.ownerId, 'api_key.revoked', { id });
  }
}
