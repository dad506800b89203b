import { z } from 'zod';
import { reviewPolicySchema } from './review';
import { languageSchema } from './tagging-result';

/** What the hub writes back to a shop, and how. Stored on the Shopify connection; edited in the embedded page. */
export const shopifySettingsSchema = z.strictObject({
  language: languageSchema.default('en'),
  fields: z
    .strictObject({
      altText: z.boolean().default(true),
      productTags: z.boolean().default(true),
      /** Title and description suggestions, stored in the product metafield tagphoto.suggestions. */
      suggestions: z.boolean().default(false),
    })
    .default({ altText: true, productTags: true, suggestions: false }),
  /** keep_person: alt text a person wrote is never replaced; always: every image gets the hub's alt text. */
  overwrite: z.enum(['keep_person', 'always']).default('keep_person'),
  /** The shop's own product tags: found labels are mapped onto these; empty means the engine's labels as they are. */
  vocabulary: z.array(z.string().trim().min(1).max(255)).max(5000).default([]),
  /** Put before every product tag the hub adds, e.g. "ai:". */
  tagPrefix: z.string().max(40).default(''),
  /** Product-aware alt text: the product title (and, by choice, its vendor and type) woven into the alt text. */
  productAltText: z
    .strictObject({
      enabled: z.boolean().default(false),
      vendor: z.boolean().default(false),
      productType: z.boolean().default(false),
    })
    .default({ enabled: false, vendor: false, productType: false }),
  /** When alt text is written: at once, only results the engine is sure of, or every one after a person's review. */
  review: reviewPolicySchema,
});
export type ShopifySettings = z.infer<typeof shopifySettingsSchema>;

export const shopifyBackfillSchema = z.object({
  status: z.enum(['idle', 'running', 'done']),
  /** Products read so far, and how many the shop has (when Shopify told us). */
  processed: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  imagesTagged: z.number().int().min(0),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** How the catalog is read: pages of products (small catalogs) or one bulk export (large ones). */
  mode: z.enum(['pages', 'bulk']).optional(),
  /** Where a running backfill stands: counting, waiting for the bulk export, or tagging. */
  phase: z.enum(['counting', 'exporting', 'tagging']).optional(),
  /** Time spent waiting for the shop's API rate limit, in milliseconds. */
  rateLimitWaitMs: z.number().int().min(0).optional(),
});
export type ShopifyBackfillView = z.infer<typeof shopifyBackfillSchema>;
