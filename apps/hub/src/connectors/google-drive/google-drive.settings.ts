import { GoogleDriveSettings, googleDriveSettingsSchema } from '@tagphoto/contracts';
import type { drive_v3 } from 'googleapis';

export const PROVIDER = 'google-drive';

/** Cursor kinds in SyncCursor: the changes page token, the notification channel, one backfill per folder. */
export const CURSOR = {
  changes: 'drive-changes',
  channel: 'drive-channel',
  backfill: (folderId: string): string => `drive-backfill:${folderId}`,
} as const;

/** Drive's MIME type of a folder. */
export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

/** The file fields every sync and backfill reads: enough to decide, fetch and write back. */
export const FILE_FIELDS = 'id,name,mimeType,parents,md5Checksum,description,appProperties,trashed';

/** A connection's stored settings, with defaults for a connection whose folders were never chosen. */
export function readSettings(stored: Record<string, unknown>): GoogleDriveSettings {
  const parsed = googleDriveSettingsSchema.safeParse({ folders: [], ...stored });
  return parsed.success ? parsed.data : googleDriveSettingsSchema.parse({ folders: [] });
}

/** An image file that is not in the bin. */
export function isLiveImage(file: drive_v3.Schema$File): boolean {
  return Boolean(file.id) && !file.trashed && Boolean(file.mimeType?.startsWith('image/'));
}

/** An image, not in the bin, directly inside one of the watched folders. */
export function isWatchedImage(file: drive_v3.Schema$File, folders: readonly string[]): boolean {
  return isLiveImage(file) && (file.parents ?? []).some((parent) => folders.includes(parent));
}
