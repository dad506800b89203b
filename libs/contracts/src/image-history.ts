import { z } from 'zod';
import { languageSchema } from './tagging-result';

/**
 * What can happen to an image's result, in the order of its life: tagged by the engine (or tagged again), a
 * person's edit, a decision in the review queue, and the result written back to the connected service it came from.
 */
export const IMAGE_HISTORY_KINDS = [
  'tagged',
  'retagged',
  'tagging_failed',
  'edited',
  'review_approved',
  'review_edited',
  'review_rejected',
  'published',
  'publish_failed',
] as const;
export const imageHistoryKindSchema = z.enum(IMAGE_HISTORY_KINDS);
export type ImageHistoryKind = z.infer<typeof imageHistoryKindSchema>;

/**
 * One event of an image's history. It names what happened, when, and which fields; it never holds result text
 * (the result itself is sealed).
 */
export const imageHistoryEntrySchema = z.object({
  kind: imageHistoryKindSchema,
  at: z.string(),
  /**
   * edited / review_edited: the fields a person changed; retagged: the fields a person had edited, kept as they
   * were; published: the fields written to the connected service.
   */
  fields: z.array(z.string()),
  /** tagged / retagged: the engine's version. */
  engine: z.string().nullable(),
  /** tagged / retagged: the language the result was written in. */
  language: languageSchema.nullable(),
  /** published / publish_failed: the connected service's provider name (e.g. shopify, google-drive). */
  connector: z.string().nullable(),
});
export type ImageHistoryEntry = z.infer<typeof imageHistoryEntrySchema>;

/** `GET /v1/images/{id}/history`: oldest first, at most the latest 200 events. */
export const imageHistorySchema = z.object({ items: z.array(imageHistoryEntrySchema) });
export type ImageHistory = z.infer<typeof imageHistorySchema>;

/** `POST /v1/images/{id}/retag`: tag the kept bytes again, in another language when one is named. */
export const retagImageSchema = z.strictObject({
  language: languageSchema
    .optional()
    .describe("The language of the new result; the image's current language when left out."),
});
export type RetagImage = z.infer<typeof retagImageSchema>;
