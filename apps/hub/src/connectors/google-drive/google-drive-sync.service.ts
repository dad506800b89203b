import { Inject, Injectable } from '@nestjs/common';
import type { DriveBackfillProgress } from '@tagphoto/contracts';
import { randomBytes } from 'node:crypto';
import type { drive_v3 } from 'googleapis';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveTagger } from './google-drive-tagger.service';
import { GoogleDriveClient, googleDriveConfigured } from './google-drive.client';
import { CURSOR, FILE_FIELDS, isWatchedImage, PROVIDER, readSettings } from './google-drive.settings';

interface ChangesPosition {
  pageToken?: string;
}

interface BackfillPosition {
  pageToken: string | null;
  status: DriveBackfillProgress['status'];
}

type BackfillCounts = Pick<DriveBackfillProgress, 'seen' | 'tagged' | 'unchanged' | 'failed'>;

const ZERO: BackfillCounts = { seen: 0, tagged: 0, unchanged: 0, failed: 0 };
const PAGE_SIZE = 100;

/**
 * The Drive jobs. `drive-sync` reads the changes feed from the stored page token and moves the token on only
 * after a page is done, so a crash or restart re-reads at most one page and never skips one. `drive-backfill`
 * walks a folder's existing images with stored progress. The two scheduled jobs renew channels and re-sync
 * connections that have not synced for a while (a missed notification is caught there).
 */
@Injectable()
export class GoogleDriveSync {
  constructor(
    private readonly client: GoogleDriveClient,
    private readonly channels: GoogleDriveChannels,
    private readonly tagger: GoogleDriveTagger,
    private readonly connections: ConnectionRepository,
    private readonly clock: Clock,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @JobHandler('drive-sync')
  async sync({ ownerId, connectionId }: JobPayloads['drive-sync']): Promise<void> {
    const connection = await this.connections.get(ownerId, connectionId);
    if (!connection || connection.status !== 'active') return;
    const settings = readSettings(connection.settings);
    if (settings.folders.length === 0) return;
    const drive = await this.client.forConnection(connection);
    let pageToken = (
      (await this.connections.getCursor(ownerId, connectionId, CURSOR.changes))?.position as ChangesPosition | undefined
    )?.pageToken;
    if (!pageToken) {
      const start = await drive.changes.getStartPageToken({ supportsAllDrives: true });
      await this.storeChangesToken(connection, start.data.startPageToken ?? undefined);
      return;
    }
    for (;;) {
      const page: { data: drive_v3.Schema$ChangeList } = await drive.changes.list({
        pageToken,
        pageSize: PAGE_SIZE,
        spaces: 'drive',
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        fields: `nextPageToken,newStartPageToken,changes(fileId,removed,file(${FILE_FIELDS}))`,
      });
      for (const change of page.data.changes ?? []) {
        if (change.removed || !change.file || !isWatchedImage(change.file, settings.folders)) continue;
        await this.tagger.tagFile(connection, drive, settings, change.file);
      }
      const next: string | undefined = page.data.nextPageToken ?? page.data.newStartPageToken ?? undefined;
      await this.storeChangesToken(connection, next);
      if (!page.data.nextPageToken || !next) return;
      pageToken = next;
    }
  }

  @JobHandler('drive-backfill')
  async backfill({ ownerId, connectionId, folderId }: JobPayloads['drive-backfill']): Promise<void> {
    const connection = await this.connections.get(ownerId, connectionId);
    if (!connection || connection.status !== 'active') return;
    const settings = readSettings(connection.settings);
    if (!settings.folders.includes(folderId)) return;
    const drive = await this.client.forConnection(connection);
    const cursor = await this.connections.getCursor(ownerId, connectionId, CURSOR.backfill(folderId));
    let position = (cursor?.position as BackfillPosition | undefined) ?? { pageToken: null, status: 'running' };
    const counts: BackfillCounts = { ...ZERO, ...(cursor?.progress as BackfillCounts | undefined) };
    while (position.status === 'running') {
      const page: { data: drive_v3.Schema$FileList } = await drive.files.list({
        // folderId is validated as [A-Za-z0-9_-]+, so it cannot break out of the quoted query.
        q: `'${folderId}' in parents and mimeType contains 'image/' and trashed = false`,
        pageSize: PAGE_SIZE,
        pageToken: position.pageToken ?? undefined,
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        fields: `nextPageToken,files(${FILE_FIELDS})`,
      });
      for (const file of page.data.files ?? []) {
        if (!isWatchedImage(file, [folderId])) continue;
        counts.seen += 1;
        counts[await this.tagger.tagFile(connection, drive, settings, file)] += 1;
      }
      position = page.data.nextPageToken
        ? { pageToken: page.data.nextPageToken, status: 'running' }
        : { pageToken: null, status: 'done' };
      await this.connections.setCursor(ownerId, connectionId, CURSOR.backfill(folderId), position, counts);
    }
  }

  @JobHandler('drive-channel-renewal', {
    every: (config) => (googleDriveConfigured(config) ? config.GOOGLE_DRIVE_RENEW_EVERY_MS : undefined),
  })
  async renewChannels(): Promise<void> {
    await this.channels.renewDue();
  }

  @JobHandler('drive-resync', {
    every: (config) => (googleDriveConfigured(config) ? config.GOOGLE_DRIVE_RESYNC_MS : undefined),
  })
  async resync(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const connection of await this.connections.listByProvider(PROVIDER)) {
      if (readSettings(connection.settings).folders.length === 0) continue;
      const cursor = await this.connections.getCursor(connection.ownerId, connection.id, CURSOR.changes);
      const last = Date.parse(String((cursor?.progress as { lastSyncedAt?: string } | undefined)?.lastSyncedAt ?? 0));
      if (now - last < this.config.GOOGLE_DRIVE_RESYNC_MS) continue;
      await this.dispatchSync(connection, `resync_${connection.id}_${now}`);
    }
  }

  /** Queues a sync; job ids must be unique per notification, or one arriving mid-sync would be dropped. */
  async dispatchSync(connection: ConnectionRecord, jobId: string): Promise<void> {
    await this.queue.dispatch('drive-sync', { ownerId: connection.ownerId, connectionId: connection.id }, jobId);
  }

  /** Starts (or restarts) the backfill of every watched folder, with progress from zero. */
  async startBackfill(connection: ConnectionRecord): Promise<void> {
    const run = randomBytes(4).toString('hex');
    for (const folderId of readSettings(connection.settings).folders) {
      await this.connections.setCursor(
        connection.ownerId,
        connection.id,
        CURSOR.backfill(folderId),
        { pageToken: null, status: 'running' },
        ZERO,
      );
      await this.queue.dispatch(
        'drive-backfill',
        { ownerId: connection.ownerId, connectionId: connection.id, folderId },
        `backfill_${connection.id}_${folderId}_${run}`,
      );
    }
  }

  async backfillProgress(connection: ConnectionRecord): Promise<DriveBackfillProgress[]> {
    const progress: DriveBackfillProgress[] = [];
    for (const folderId of readSettings(connection.settings).folders) {
      const cursor = await this.connections.getCursor(connection.ownerId, connection.id, CURSOR.backfill(folderId));
      if (!cursor) continue;
      progress.push({
        folderId,
        status: (cursor.position as BackfillPosition).status,
        ...ZERO,
        ...(cursor.progress as BackfillCounts | undefined),
      });
    }
    return progress;
  }

  private async storeChangesToken(connection: ConnectionRecord, pageToken: string | undefined): Promise<void> {
    if (!pageToken) return;
    await this.connections.setCursor(
      connection.ownerId,
      connection.id,
      CURSOR.changes,
      { pageToken },
      { lastSyncedAt: this.clock.now().toISOString() },
    );
  }
}
