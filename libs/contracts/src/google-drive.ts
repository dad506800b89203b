import { z } from 'zod';
import { languageSchema } from './tagging-result';

/** A Drive folder id as Google issues them (letters, digits, `-`, `_`). */
export const driveFolderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'a Google Drive folder id');

/** What the hub writes into a file's description: alt text plus top tags, alt text only, or nothing. */
export const driveDescriptionModeSchema = z.enum(['alt_text_and_tags', 'alt_text', 'off']);

/** The owner's choices for one Google Drive connection (stored in the connection's settings). */
export const googleDriveSettingsSchema = z.strictObject({
  folders: z.array(driveFolderIdSchema).max(50),
  language: languageSchema.default('en'),
  description: driveDescriptionModeSchema.default('alt_text_and_tags'),
  /** Off by default: a description a person wrote is never replaced. */
  overwriteDescriptions: z.boolean().default(false),
  /** Off by default: only images directly inside a chosen folder are tagged; on, images anywhere below it too. */
  includeSubfolders: z.boolean().default(false),
});
export type GoogleDriveSettings = z.infer<typeof googleDriveSettingsSchema>;

export const driveBackfillProgressSchema = z.object({
  folderId: z.string(),
  status: z.enum(['running', 'done']),
  seen: z.number().int(),
  tagged: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
});
export type DriveBackfillProgress = z.infer<typeof driveBackfillProgressSchema>;

/** A Drive connection as its owner sees it: settings, whether changes are being watched, backfill progress. */
export const googleDriveStatusSchema = z.object({
  connectionId: z.string().uuid(),
  settings: googleDriveSettingsSchema,
  watching: z.object({ expiresAt: z.string() }).nullable(),
  backfills: z.array(driveBackfillProgressSchema),
});
export type GoogleDriveStatus = z.infer<typeof googleDriveStatusSchema>;

/** A folder of the connected Drive account, as the folder picker shows it. */
export const driveFolderSchema = z.object({
  id: z.string(),
  name: z.string(),
});
export type DriveFolder = z.infer<typeof driveFolderSchema>;

/** Where to browse: a folder's id, or `root` for the top of My Drive; and the page token of a previous answer. */
export const driveFolderQuerySchema = z.strictObject({
  parent: driveFolderIdSchema.default('root'),
  pageToken: z.string().min(1).max(2000).optional(),
});
export type DriveFolderQuery = z.infer<typeof driveFolderQuerySchema>;

/** One page of the folders inside a folder, by name; `nextPageToken` asks for the next page. */
export const driveFolderPageSchema = z.object({
  parent: z.string(),
  folders: z.array(driveFolderSchema),
  nextPageToken: z.string().nullable(),
});
export type DriveFolderPage = z.infer<typeof driveFolderPageSchema>;
