import { Injectable } from '@nestjs/common';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { SecurityLog } from '../../modules/audit/security-log';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { SlackInstallError } from './slack.errors';
import { SLACK_PROVIDER } from './slack.settings';

/** What a Slack connection keeps sealed. */
export interface SlackSecrets {
  botToken: string;
  botId: string;
  botUserId: string;
  scopes: string[];
}

/** A workspace install is keyed by its team; an org-wide (Enterprise Grid) install by its enterprise. */
export const slackAccountOf = (ids: {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}): string | undefined => (ids.isEnterpriseInstall ? ids.enterpriseId : ids.teamId);

/**
 * Bolt's installation store on top of ConnectionRepository: the bot token is sealed there, and the
 * installation belongs to the TagPhoto account whose signed-in session started "Add to Slack" (its id travels
 * in the signed OAuth state as `metadata`).
 */
@Injectable()
export class SlackInstallationStore implements InstallationStore {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly audit: SecurityLog,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const ownerId = installation.metadata;
    const account = slackAccountOf({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
    if (!ownerId || !account || !installation.bot)
      throw new SlackInstallError('Slack did not return a bot installation for a TagPhoto account.');
    const secrets: SlackSecrets = {
      botToken: installation.bot.token,
      botId: installation.bot.id,
      botUserId: installation.bot.userId,
      scopes: installation.bot.scopes,
    };
    await this.connections.upsert(
      ownerId,
      SLACK_PROVIDER,
      account,
      { ...secrets },
      {
        teamName: installation.team?.name ?? installation.enterprise?.name ?? account,
        appId: installation.appId ?? null,
        installedBy: installation.user.id,
      },
    );
    await this.audit.record(ownerId, 'connection.added', { provider: SLACK_PROVIDER, account });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = await this.find(query);
    if (!found) throw new SlackInstallError('This Slack workspace is not connected to TagPhoto.');
    const { connection, secrets } = found;
    return {
      team: query.isEnterpriseInstall ? undefined : { id: connection.externalAccount },
      enterprise: query.enterpriseId ? { id: query.enterpriseId } : undefined,
      user: {
        id: typeof connection.settings.installedBy === 'string' ? connection.settings.installedBy : '',
        token: undefined,
        scopes: undefined,
      },
      bot: { token: secrets.botToken, id: secrets.botId, userId: secrets.botUserId, scopes: secrets.scopes },
      isEnterpriseInstall: query.isEnterpriseInstall,
      authVersion: 'v2',
    };
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const connection = await this.connectionFor(query);
    if (!connection) return;
    await this.connections.delete(connection.ownerId, connection.id);
    await this.audit.record(connection.ownerId, 'connection.removed', {
      provider: SLACK_PROVIDER,
      account: connection.externalAccount,
    });
  }

  /** The connection and its opened secrets for the workspace a request came from. */
  async find(
    query: InstallationQuery<boolean>,
  ): Promise<{ connection: ConnectionRecord; secrets: SlackSecrets } | undefined> {
    const connection = await this.connectionFor(query);
    if (!connection || connection.status !== 'active') return undefined;
    const secrets = await this.connections.secrets<SlackSecrets & Record<string, unknown>>(
      connection.ownerId,
      connection.id,
    );
    return secrets ? { connection, secrets } : undefined;
  }

  private async connectionFor(query: InstallationQuery<boolean>): Promise<ConnectionRecord | undefined> {
    const account = slackAccountOf(query);
    return account ? this.connections.findByExternalAccount(SLACK_PROVIDER, account) : undefined;
  }
}
