import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DriveBackfillProgress, driveFolderIdSchema, type GoogleDriveSettings } from '@tagphoto/contracts';
import { randomBytes } from 'node:crypto';
import type { drive_v3 } from 'googleapis';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { FolderAncestry } from './folder-ancestry';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveTagger } from './google-drive-tagger.service';
import { GoogleDriveClient, googleDriveConfigured } from './google-drive.client';
import { googleStatusOf } from './google-drive.errors';
import {
  CURSOR,
  FILE_FIELDS,
  FOLDER_MIME_TYPE,
  isLiveImage,
  isWatchedImage,
  PROVIDER,
  readSettings,
} from './google-drive.settings';

interface ChangesPosition {
  pageToken?: string;
}

interface BackfillPosition {
  pageToken: string | null;
  status: DriveBackfillProgress['status'];
  /** With subfolders: the folder being read (the watched one when absent), the ones found but not read yet, and how many were found. */
  folder?: string;
  pending?: string[];
  found?: number;
}

type BackfillCounts = Pick<DriveBackfillProgress, 'seen' | 'tagged' | 'unchanged' | 'failed'>;

const ZERO: BackfillCounts = { seen: 0, tagged: 0, unchanged: 0, failed: 0 };
const PAGE_SIZE = 100;
/** The most subfolders one folder's backfill reads: a bounded walk, whatever the tree. */
const MAX_BACKFILL_FOLDERS = 1000;

/**
 * The Drive jobs. `drive-sync` reads the changes feed from the stored page token and moves the token on only
 * after a page is done, so a crash or restart re-reads at most one page and never skips one. `drive-backfill`
 * walks a folder's existing images with stored progress. The two scheduled jobs renew channels and re-sync
 * connections that have not synced for a while (a missed notification is caught there).
 */
@Injectable()
export class GoogleDriveSync {
  private readonly logger = new Logger('google-drive');

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
    // Subfolders: one walk up the tree per run, each folder asked about at most once.
    const ancestry = settings.includeSubfolders
      ? new FolderAncestry(settings.folders, (folderId) => this.parentsOf(drive, folderId))
      : undefined;
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
        if (change.removed || !change.file || !(await this.isWatched(change.file, settings, ancestry))) continue;
        await this.tagger.tagFile(connection, drive, settings, change.file);
      }
      const next: string | undefined = page.data.nextPageToken ?? page.data.newStartPageToken ?? undefined;
      await this.storeChangesToken(connection, next);
      if (!page.data.nextPageToken || !next) break;
      pageToken = next;
    }
    if (ancestry?.exhausted)
      this.logger.warn(
        `connection ${connectionId}: some changed files were in folders too deep or too many to check for watched parents`,
      );
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
    // With subfolders, folders are listed with the images and read after them, breadth first.
    const kinds = settings.includeSubfolders
      ? `(mimeType contains 'image/' or mimeType = '${FOLDER_MIME_TYPE}')`
      : `mimeType contains 'image/'`;
    while (position.status === 'running') {
      const current = position.folder ?? folderId;
      const page: { data: drive_v3.Schema$FileList } = await drive.files.list({
        // Folder ids are validated as [A-Za-z0-9_-]+ (subfolders' too), so they cannot break out of the quoted query.
        q: `'${current}' in parents and ${kinds} and trashed = false`,
        pageSize: PAGE_SIZE,
        pageToken: position.pageToken ?? undefined,
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        fields: `nextPageToken,files(${FILE_FIELDS})`,
      });
      const pending = [...(position.pending ?? [])];
      let found = position.found ?? 0;
      for (const file of page.data.files ?? []) {
        if (file.mimeType === FOLDER_MIME_TYPE) {
          if (!settings.includeSubfolders || !driveFolderIdSchema.safeParse(file.id).success) continue;
          if (found >= MAX_BACKFILL_FOLDERS) continue;
          pending.push(file.id!);
          found += 1;
          continue;
        }
        if (!isWatchedImage(file, [current])) continue;
        counts.seen += 1;
        counts[await this.tagger.tagFile(connection, drive, settings, file)] += 1;
      }
      position = nextBackfillPosition(current, page.data.nextPageToken, pending, found);
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

  /** A changed file is watched when it is an image directly in a chosen folder, or (subfolders on) anywhere below one. */
  private async isWatched(
    file: drive_v3.Schema$File,
    settings: GoogleDriveSettings,
    ancestry: FolderAncestry | undefined,
  ): Promise<boolean> {
    if (!isLiveImage(file)) return false;
    if (isWatchedImage(file, settings.folders)) return true;
    return ancestry ? ancestry.contains(file.parents ?? []) : false;
  }

  /** A folder's parents; a folder this account cannot see (404) has none it can follow. */
  private async parentsOf(drive: drive_v3.Drive, folderId: string): Promise<string[]> {
    try {
      const folder = await drive.files.get({ fileId: folderId, supportsAllDrives: true, fields: 'id,parents' });
      return folder.data.parents ?? [];
    } catch (error) {
      if (googleStatusOf(error) === 404) return [];
      throw error;
    }
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

/** Where a folder's backfill goes on: the next page, else the next folder found below it, else it is done. */
function nextBackfillPosition(
  current: string,
  nextPageToken: string | null | undefined,
  pending: string[],
  found: number,
): BackfillPosition {
  if (nextPageToken) return { pageToken: nextPageToken, status: 'running', folder: current, pending, found };
  const [next, ...rest] = pending;
  if (next) return { pageToken: null, status: 'running', folder: next, pending: rest, found };
  return { pageToken: null, status: 'done' };
}
