import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { drive_v3 } from 'googleapis';
import { Clock } from '../../common/clock';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { channelMatches } from './channel-token';
import { DriveSecrets, GoogleDriveClient } from './google-drive.client';
import { CURSOR, PROVIDER, readSettings } from './google-drive.settings';

/** The longest a changes channel may live (Drive allows one week). */
export const CHANNEL_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/** Channels expiring within this margin are replaced, so a missed renewal run still leaves time for the next. */
export const RENEW_MARGIN_MS = 24 * 60 * 60_000;

export interface ChannelState {
  id: string;
  resourceId: string;
  /** Milliseconds since the epoch, as Google reports it. */
  expiration: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Drive push channels on the changes feed: opened when folders are watched, renewed before they expire, and
 * checked on every notification (the channel id names the connection; its token is compared in constant time).
 */
@Injectable()
export class GoogleDriveChannels {
  private readonly logger = new Logger('google-drive');

  constructor(
    private readonly client: GoogleDriveClient,
    private readonly connections: ConnectionRepository,
    private readonly clock: Clock,
  ) {}

  /** Stores the start page token first (nothing after this moment is missed), then opens a channel unless a fresh one exists. */
  async watch(connection: ConnectionRecord): Promise<ChannelState> {
    const drive = await this.client.forConnection(connection);
    if (!(await this.pageToken(connection))) {
      const start = await drive.changes.getStartPageToken({ supportsAllDrives: true });
      await this.connections.setCursor(
        connection.ownerId,
        connection.id,
        CURSOR.changes,
        { pageToken: start.data.startPageToken },
        {
          lastSyncedAt: this.clock.now().toISOString(),
        },
      );
    }
    const current = await this.state(connection);
    if (current && !this.isDue(current)) return current;
    return this.open(connection, drive, current);
  }

  /** Stops the channel (folders cleared, or the connection removed); a channel Google already dropped is fine. */
  async unwatch(connection: ConnectionRecord): Promise<void> {
    const current = await this.state(connection);
    if (!current) return;
    await this.stopQuietly(await this.client.forConnection(connection), current);
    await this.connections.setCursor(connection.ownerId, connection.id, CURSOR.channel, {});
  }

  /** Replaces every channel that expires within the margin, and reopens missing ones of watching connections. */
  async renewDue(): Promise<number> {
    let renewed = 0;
    for (const connection of await this.connections.listByProvider(PROVIDER)) {
      if (readSettings(connection.settings).folders.length === 0) continue;
      const current = await this.state(connection);
      if (current && !this.isDue(current)) continue;
      try {
        await this.open(connection, await this.client.forConnection(connection), current);
        renewed += 1;
      } catch (error) {
        this.logger.error(`could not renew the Drive channel of connection ${connection.id}: ${String(error)}`);
      }
    }
    return renewed;
  }

  /** The connection a notification is for, when its channel id and token are the current ones; undefined otherwise. */
  async verify(channelId: string, token: string): Promise<ConnectionRecord | undefined> {
    const connectionId = channelId.slice(0, 36);
    if (!UUID.test(connectionId)) return undefined;
    const connection = await this.connections.findById(connectionId);
    if (!connection || connection.provider !== PROVIDER || connection.status !== 'active') return undefined;
    const channel = (await this.connections.secrets<DriveSecrets>(connection.ownerId, connection.id))?.channel;
    if (!channel) return undefined;
    return channelMatches(channel, { id: channelId, token }) ? connection : undefined;
  }

  async state(connection: ConnectionRecord): Promise<ChannelState | undefined> {
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, CURSOR.channel);
    const position = cursor?.position as Partial<ChannelState> | undefined;
    return position?.id ? (position as ChannelState) : undefined;
  }

  private isDue(channel: ChannelState): boolean {
    return channel.expiration - this.clock.now().getTime() <= RENEW_MARGIN_MS;
  }

  private async pageToken(connection: ConnectionRecord): Promise<string | undefined> {
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, CURSOR.changes);
    return (cursor?.position as { pageToken?: string } | undefined)?.pageToken;
  }

  /** Opens a new channel with a fresh id and token, stores both, then stops the one it replaces. */
  private async open(
    connection: ConnectionRecord,
    drive: drive_v3.Drive,
    previous: ChannelState | undefined,
  ): Promise<ChannelState> {
    const id = `${connection.id}_${randomBytes(8).toString('hex')}`;
    const token = randomBytes(32).toString('base64url');
    const requested = this.clock.now().getTime() + CHANNEL_LIFETIME_MS;
    const response = await drive.changes.watch({
      pageToken: (await this.pageToken(connection)) ?? '1',
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
      requestBody: { id, type: 'web_hook', address: this.client.webhookUrl, token, expiration: String(requested) },
    });
    const state: ChannelState = {
      id,
      resourceId: response.data.resourceId ?? '',
      expiration: Number(response.data.expiration ?? requested),
    };
    const secrets = await this.connections.secrets<DriveSecrets>(connection.ownerId, connection.id);
    if (!secrets) throw new Error(`Google Drive connection ${connection.id} has no tokens: connect it again`);
    await this.connections.updateSecrets(connection.ownerId, connection.id, { ...secrets, channel: { id, token } });
    await this.connections.setCursor(connection.ownerId, connection.id, CURSOR.channel, state);
    if (previous) await this.stopQuietly(drive, previous);
    return state;
  }

  private async stopQuietly(drive: drive_v3.Drive, channel: ChannelState): Promise<void> {
    try {
      await drive.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } });
    } catch (error) {
      this.logger.warn(`could not stop Drive channel ${channel.id} (it expires on its own): ${String(error)}`);
    }
  }
}
