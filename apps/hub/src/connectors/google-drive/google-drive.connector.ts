import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import type { ConnectionRecord } from '../connection.repository';
import { Connector, ConnectorProvider, OAuthConnect } from '../connector';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveClient, missingGoogleSettings } from './google-drive.client';
import { PROVIDER } from './google-drive.settings';

@Injectable()
@ConnectorProvider(PROVIDER)
export class GoogleDriveConnector implements Connector {
  readonly provider = PROVIDER;
  readonly displayName = 'Google Drive';
  readonly oauth: OAuthConnect = {
    connectPath: `/connect/${PROVIDER}`,
    missingSettings: () => missingGoogleSettings(this.config),
  };
  private readonly logger = new Logger('google-drive');

  constructor(
    private readonly client: GoogleDriveClient,
    private readonly channels: GoogleDriveChannels,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** Stops the notification channel and revokes the grant; the connection goes either way. */
  async disconnect(connection: ConnectionRecord): Promise<void> {
    try {
      await this.channels.unwatch(connection);
      await this.client.revoke(connection);
    } catch (error) {
      this.logger.warn(`could not fully revoke Google Drive connection ${connection.id}: ${String(error)}`);
    }
  }
}
