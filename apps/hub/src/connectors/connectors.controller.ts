import { Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ConnectorSetup, connectorSetupSchema } from '@tagphoto/contracts';
import { z } from 'zod';
import { openApiSchema } from '../common/openapi';
import { OwnerController } from '../modules/auth/owner.guard';
import { ConnectorRegistry } from './connector-registry';

/**
 * The connectors an owner can connect from the dashboard, and whether the operator has set each up: an unconfigured
 * one names the environment variables to set, never their values.
 */
@OwnerController('v1/connectors', { tag: 'connections' })
export class ConnectorsController {
  constructor(private readonly registry: ConnectorRegistry) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(z.array(connectorSetupSchema)) })
  list(): ConnectorSetup[] {
    return this.registry
      .all()
      .flatMap((connector) => {
        if (!connector.oauth) return [];
        const missingSettings = connector.oauth.missingSettings();
        return [
          {
            provider: connector.provider,
            name: connector.displayName,
            configured: missingSettings.length === 0,
            missingSettings,
            connectPath: connector.oauth.connectPath,
          },
        ];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
