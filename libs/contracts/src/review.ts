import { z } from 'zod';
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
