import { Injectable, Logger } from '@nestjs/common';
import type { ConnectionRecord } from '../connection.repository';
import { Connector, ConnectorProvider } from '../connector';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveClient } from './google-drive.client';
import { PROVIDER } from './google-drive.settings';

@Injectable()
@ConnectorProvider(PROVIDER)
export class GoogleDriveConnector implements Connector {
  readonly provider = PROVIDER;
  readonly displayName = 'Google Drive';
  private readonly logger = new Logger('google-drive');

  constructor(
    private readonly client: GoogleDriveClient,
    private readonly channels: GoogleDriveChannels,
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
