import { Inject, Injectable, Logger } from '@nestjs/common';
import { webApi } from '@slack/bolt';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { Connector, ConnectorProvider, OAuthConnect } from '../connector';
import type { SlackSecrets } from './slack-installation.store';
import { missingSlackSettings, SLACK_PROVIDER } from './slack.settings';

/** Tokens Slack already considers dead: nothing left to revoke. */
const ALREADY_GONE = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed']);

@Injectable()
@ConnectorProvider(SLACK_PROVIDER)
export class SlackConnector implements Connector {
  readonly provider = SLACK_PROVIDER;
  readonly displayName = 'Slack';
  readonly oauth: OAuthConnect = {
    connectPath: `/connect/${SLACK_PROVIDER}`,
    missingSettings: () => missingSlackSettings(this.config),
  };
  private readonly logger = new Logger('slack');

  constructor(
    private readonly connections: ConnectionRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** Revokes the bot token (auth.revoke), which also removes the app from the workspace. */
  async disconnect(connection: ConnectionRecord): Promise<void> {
    const secrets = await this.connections.secrets<SlackSecrets & Record<string, unknown>>(
      connection.ownerId,
      connection.id,
    );
    if (!secrets) return;
    try {
      await new webApi.WebClient(secrets.botToken, { retryConfig: { retries: 1 } }).auth.revoke({});
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !ALREADY_GONE.has(code)) throw error;
      this.logger.log(`Slack token of connection ${connection.id} was already revoked (${code})`);
    }
  }
}
