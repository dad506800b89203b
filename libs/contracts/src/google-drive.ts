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
