import { Inject, Injectable, Logger } from '@nestjs/common';
import { Auth, drive_v3, google } from 'googleapis';
import { HUB_CONFIG } from '../../config/config.module';
import { type HubConfig, unsetSettings } from '../../config/config.schema';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { GoogleDriveNotConfiguredError } from './google-drive.errors';

/** What a Drive connection keeps sealed: the OAuth tokens and the secret of its notification channel. */
export interface DriveSecrets extends Record<string, unknown> {
  tokens: Auth.Credentials;
  channel?: { id: string; token: string };
}

export interface DriveAccount {
  /** Google's stable id of the user (the Drive permission id). */
  id: string;
  email: string;
  tokens: Auth.Credentials;
}

interface GoogleCredentials {
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  webhookUrl: string;
}

/** The environment variables the operator's Google app is read from; the connector is off until all are set. */
export const GOOGLE_SETTINGS = [
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'GOOGLE_REDIRECT_URL',
  'GOOGLE_DRIVE_WEBHOOK_URL',
] as const;

export const missingGoogleSettings = (config: HubConfig): string[] => unsetSettings(config, GOOGLE_SETTINGS);

/**
 * Google's side of the connector, through the official client: the OAuth web-server flow and an authorised
 * Drive client per connection. Tokens Google refreshes (on expiry, or after a 401) are sealed again at once.
 */
@Injectable()
export class GoogleDriveClient {
  private readonly logger = new Logger('google-drive');

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly connections: ConnectionRepository,
  ) {}

  get configured(): boolean {
    return this.credentials() !== undefined;
  }

  get webhookUrl(): string {
    return this.required().webhookUrl;
  }

  get scope(): string {
    return `https://www.googleapis.com/auth/${this.config.GOOGLE_DRIVE_SCOPE}`;
  }

  consentUrl(state: string): string {
    return this.oauth().generateAuthUrl({
      access_type: 'offline',
      // A refresh token is only issued on consent; asking every time keeps re-connecting reliable.
      prompt: 'consent',
      include_granted_scopes: true,
      scope: [this.scope],
      state,
    });
  }

  /** Exchanges the authorization code and asks Drive who granted it. */
  async exchangeCode(code: string): Promise<DriveAccount> {
    const auth = this.oauth();
    const { tokens } = await auth.getToken(code);
    auth.setCredentials(tokens);
    const about = await google.drive({ version: 'v3', auth }).about.get({ fields: 'user(permissionId,emailAddress)' });
    const user = about.data.user;
    if (!user?.permissionId) throw new Error('Google Drive did not say which account granted access');
    return { id: user.permissionId, email: user.emailAddress ?? '', tokens };
  }

  /** A Drive client acting for the connection's Google account. */
  async forConnection(connection: ConnectionRecord): Promise<drive_v3.Drive> {
    const secrets = await this.connections.secrets<DriveSecrets>(connection.ownerId, connection.id);
    if (!secrets?.tokens) throw new Error(`Google Drive connection ${connection.id} has no tokens: connect it again`);
    const auth = this.oauth();
    auth.setCredentials(secrets.tokens);
    auth.on('tokens', (tokens) => {
      this.keepRefreshedTokens(connection, tokens).catch((error: unknown) =>
        this.logger.error(`could not store refreshed tokens of connection ${connection.id}: ${String(error)}`),
      );
    });
    return google.drive({ version: 'v3', auth });
  }

  /** Revokes the connection's grant at Google (disconnect). */
  async revoke(connection: ConnectionRecord): Promise<void> {
    const secrets = await this.connections.secrets<DriveSecrets>(connection.ownerId, connection.id);
    const token = secrets?.tokens.refresh_token ?? secrets?.tokens.access_token;
    if (token) await this.oauth().revokeToken(token);
  }

  private async keepRefreshedTokens(connection: ConnectionRecord, tokens: Auth.Credentials): Promise<void> {
    const current = await this.connections.secrets<DriveSecrets>(connection.ownerId, connection.id);
    if (!current) return;
    // Google sends the refresh token only once; a refresh answer carries just the new access token.
    await this.connections.updateSecrets(connection.ownerId, connection.id, {
      ...current,
      tokens: { ...current.tokens, ...tokens },
    });
  }

  private oauth(): Auth.OAuth2Client {
    const credentials = this.required();
    return new google.auth.OAuth2({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      redirectUri: credentials.redirectUrl,
      // A token revoked or rotated before its expiry_date answers 401: refresh once and retry instead of failing the sync.
      forceRefreshOnFailure: true,
      // Node's own fetch: gaxios would otherwise load node-fetch through a dynamic import() on first use.
      transporterOptions: { fetchImplementation: fetch },
    });
  }

  private required(): GoogleCredentials {
    const credentials = this.credentials();
    if (!credentials) throw new GoogleDriveNotConfiguredError(missingGoogleSettings(this.config));
    return credentials;
  }

  private credentials(): GoogleCredentials | undefined {
    return googleCredentials(this.config);
  }
}

/** The operator's Google app, when every part of it is configured. */
function googleCredentials(config: HubConfig): GoogleCredentials | undefined {
  const { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URL, GOOGLE_DRIVE_WEBHOOK_URL } = config;
  if (!GOOGLE_CLIENT_ID || !GOOGLE_CLIENT_SECRET || !GOOGLE_REDIRECT_URL || !GOOGLE_DRIVE_WEBHOOK_URL) return undefined;
  return {
    clientId: GOOGLE_CLIENT_ID,
    clientSecret: GOOGLE_CLIENT_SECRET,
    redirectUrl: GOOGLE_REDIRECT_URL,
    webhookUrl: GOOGLE_DRIVE_WEBHOOK_URL,
  };
}

export const googleDriveConfigured = (config: HubConfig): boolean => googleCredentials(config) !== undefined;
