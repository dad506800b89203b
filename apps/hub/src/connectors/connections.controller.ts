import { Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { connectionSchema, ConnectionView } from '@tagphoto/contracts';
import { z } from 'zod';
import { NotFoundError } from '../common/errors';
import { openApiSchema } from '../common/openapi';
import { SecurityLog } from '../modules/audit/security-log';
import { CurrentPrincipal, OwnerController } from '../modules/auth/owner.guard';
import type { Principal } from '../modules/auth/principal';
import { ConnectionRecord, ConnectionRepository } from './connection.repository';
import { ConnectorRegistry } from './connector-registry';

const toView = (connection: ConnectionRecord): ConnectionView => ({
  id: connection.id,
  provider: connection.provider,
  externalAccount: connection.externalAccount,
  status: connection.status,
  settings: connection.settings,
  createdAt: connection.createdAt.toISOString(),
});

/** The owner's connected accounts; never their tokens. */
@OwnerController('v1/connections', { tag: 'connections' })
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly registry: ConnectorRegistry,
    private readonly audit: SecurityLog,
  ) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(z.array(connectionSchema)) })
  async list(@CurrentPrincipal() principal: Principal): Promise<ConnectionView[]> {
    return (await this.connections.list(principal.ownerId)).map(toView);
  }

  /** Disconnects: revokes the tokens at the provider where it allows, then forgets the connection. */
  @Delete(':id')
  @HttpCode(204)
  async disconnect(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const connection = await this.connections.get(principal.ownerId, id);
    if (!connection) throw new NotFoundError('Connection');
    await this.registry.get(connection.provider)?.disconnect(connection);
    await this.connections.delete(principal.ownerId, id);
    await this.audit.record(principal.ownerId, 'connection.removed', {
      provider: connection.provider,
      account: connection.externalAccount,
    });
  }
}
