import { z } from 'zod';
import { ERROR_CODES } from './error-codes';
import { reviewReasonSchema } from './tagging-result';

/**
 * A connection's publishing policy: `auto` writes every result, `confident` holds the results the engine flags
 * (`review.needed`) for a person, `hold` holds every result. Settings stored before the policy existed read as auto.
 */
export const reviewPolicySchema = z.enum(['auto', 'confident', 'hold']).default('auto');
export type ReviewPolicy = z.infer<typeof reviewPolicySchema>;

/** What became of a held suggestion: waiting, published as suggested, published as a person rewrote it, or dropped. */
export const heldSuggestionStateSchema = z.enum(['held', 'approved', 'edited', 'rejected']);
export type HeldSuggestionState = z.infer<typeof heldSuggestionStateSchema>;

/** A suggestion waiting for a person, as a connector's review list shows it. */
export const heldSuggestionSchema = z.object({
  imageId: z.string().uuid(),
  altText: z.string(),
  /** What the item belongs to at the provider, e.g. the product title. */
  context: z.string().nullable(),
  /** Where the provider serves the picture (its CDN), for the reviewer to see it. */
  imageUrl: z.string().nullable(),
  reasons: z.array(reviewReasonSchema),
  createdAt: z.string(),
});
export type HeldSuggestion = z.infer<typeof heldSuggestionSchema>;

/** Approving a held suggestion, optionally with a person's rewrite of its alt text. */
export const reviewApprovalSchema = z.strictObject({ altText: z.string().trim().min(1).max(1000).optional() });
export type ReviewApproval = z.infer<typeof reviewApprovalSchema>;

/**
 * One entry of the owner's review queue (`GET /v1/review`), keyed by its image: an image the engine flagged
 * (`kind: image`, deciding on it changes the image's result) or a connection's held suggestion (`kind: suggestion`,
 * an approval or rewrite is published to the item it came from).
 */
export const reviewItemSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['image', 'suggestion']),
  altText: z.string(),
  /** The image's title; null for a suggestion, which proposes alt text only. */
  title: z.string().nullable(),
  reasons: z.array(reviewReasonSchema),
  /** Whether the hub keeps the image's bytes (`GET /v1/images/{id}/file` shows it). */
  stored: z.boolean(),
  fileName: z.string().nullable(),
  /** Where the provider serves the picture, for a suggestion. */
  imageUrl: z.string().nullable(),
  /** What the item belongs to at the provider (e.g. the product title), for a suggestion. */
  context: z.string().nullable(),
  connectionId: z.string().uuid().nullable(),
  createdAt: z.string(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewQueueQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuerySchema>;

/** Oldest first; `total` counts everything waiting, not only this page. */
export const reviewPageSchema = z.object({
  items: z.array(reviewItemSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().min(0),
});
export type ReviewPage = z.infer<typeof reviewPageSchema>;

/** A person's rewrite of a queued item: alt text, title or both. */
export const reviewEditSchema = z
  .strictObject({
    altText: z.string().trim().min(1).max(1000).optional(),
    title: z.string().trim().min(1).max(300).optional(),
  })
  .refine((edit) => edit.altText !== undefined || edit.title !== undefined, {
    message: 'send altText, title or both',
  });
export type ReviewEdit = z.infer<typeof reviewEditSchema>;

/** Up to 100 ids of the queue in one request; each is answered on its own, a bad one does not stop the others. */
const reviewIdsSchema = z.array(z.string().max(100)).min(1).max(100);

export const reviewBulkSchema = z.strictObject({ ids: reviewIdsSchema });
export type ReviewBulk = z.infer<typeof reviewBulkSchema>;

export const reviewBulkEditSchema = z.strictObject({
  edits: z
    .array(
      z
        .strictObject({
          id: z.string().max(100),
          altText: z.string().trim().min(1).max(1000).optional(),
          title: z.string().trim().min(1).max(300).optional(),
        })
        .refine((edit) => edit.altText !== undefined || edit.title !== undefined, {
          message: 'send altText, title or both for every id',
        }),
    )
    .min(1)
    .max(100),
});
export type ReviewBulkEdit = z.infer<typeof reviewBulkEditSchema>;

export const reviewDecisionStateSchema = z.enum(['approved', 'edited', 'rejected']);
export type ReviewDecisionState = z.infer<typeof reviewDecisionStateSchema>;

/** What a person decided on a queued item, who (how they were signed in) and when. */
export const reviewDecisionSchema = z
  .object({
    id: z.string().uuid(),
    state: reviewDecisionStateSchema,
    decidedAt: z.string(),
    decidedBy: z.object({
      via: z.enum(['session', 'api-key']),
      /** The API key that decided; null for the dashboard. */
      apiKeyId: z.string().uuid().nullable(),
    }),
  })
  .meta({ id: 'ReviewDecision' });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** The answer for one id of a bulk request: its HTTP-like status, and the decision or the error. */
export const reviewBulkOutcomeSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  decision: reviewDecisionSchema.nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export const reviewBulkResultSchema = z
  .object({ results: z.array(reviewBulkOutcomeSchema) })
  .meta({ id: 'ReviewBulkResult' });
export type ReviewBulkResult = z.infer<typeof reviewBulkResultSchema>;
