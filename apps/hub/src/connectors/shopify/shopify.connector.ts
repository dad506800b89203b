import { Injectable, Logger } from '@nestjs/common';
import type { ConnectionRecord } from '../connection.repository';
import { ConnectionRepository } from '../connection.repository';
import { Connector, ConnectorProvider, OAuthConnect } from '../connector';
import { ShopifyApp } from './shopify-api.provider';
import { SHOPIFY } from './shopify-settings';
import { ShopifyTokenService } from './shopify-tokens';

/**
 * Shopify product images: tagged on products/create and products/update and by catalog backfill; alt text,
 * product tags and suggestions written back through the Admin GraphQL API.
 */
@Injectable()
@ConnectorProvider(SHOPIFY)
export class ShopifyConnector implements Connector {
  readonly provider = SHOPIFY;
  readonly displayName = 'Shopify';
  readonly oauth: OAuthConnect = {
    connectPath: `/connect/${SHOPIFY}`,
    missingSettings: () => [...this.shopify.missingSettings],
  };
  private readonly logger = new Logger('shopify');

  constructor(
    private readonly shopify: ShopifyApp,
    private readonly connections: ConnectionRepository,
    private readonly tokens: ShopifyTokenService,
  ) {}

  /** Revokes the app's access to the shop (DELETE api_permissions/current uninstalls the app); a dead token is fine. */
  async disconnect(connection: ConnectionRecord): Promise<void> {
    if (!this.shopify.enabled) return;
    const secrets = await this.connections.secrets<{ accessToken?: string }>(connection.ownerId, connection.id);
    if (!secrets?.accessToken) return;
    // An expired token is refreshed first; one that cannot be renewed any more has lost its access already.
    const accessToken = await this.tokens.current(connection).catch(() => undefined);
    if (!accessToken) return;
    const response = await fetch(`https://${connection.externalAccount}/admin/api_permissions/current.json`, {
      method: 'DELETE',
      headers: { 'X-Shopify-Access-Token': accessToken },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok && response.status !== 401 && response.status !== 404) {
      this.logger.warn(`Shopify answered ${response.status} when the app's access was revoked`);
    }
  }
}
