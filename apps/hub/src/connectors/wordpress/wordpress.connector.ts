import { Injectable } from '@nestjs/common';
import { ApiKeys } from '../../modules/api-keys/api-keys.service';
import { SecurityLog } from '../../modules/audit/security-log';
import type { ConnectionRecord } from '../connection.repository';
import { Connector, ConnectorProvider } from '../connector';
import { WORDPRESS_PROVIDER } from './wordpress-authorization';
import { WordPressSiteRepository } from './wordpress-site.repository';

/** A WordPress site connected from its plugin. Removing it revokes the site's API key; its callback secret goes with the connection. */
@Injectable()
@ConnectorProvider(WORDPRESS_PROVIDER)
export class WordPressConnector implements Connector {
  readonly provider = WORDPRESS_PROVIDER;
  readonly displayName = 'WordPress';

  constructor(
    private readonly sites: WordPressSiteRepository,
    private readonly keys: ApiKeys,
    private readonly audit: SecurityLog,
  ) {}

  async disconnect(connection: ConnectionRecord): Promise<void> {
    const site = await this.sites.find(connection.externalAccount);
    const apiKeyId = site?.ownerId === connection.ownerId ? site.secrets.apiKeyId : undefined;
    if (!apiKeyId) return;
    await this.keys.revoke(connection.ownerId, apiKeyId, new Date());
    await this.audit.record(connection.ownerId, 'api_key.revoked', { id: apiKeyId });
  }
}
