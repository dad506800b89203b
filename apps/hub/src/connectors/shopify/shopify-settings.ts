import { shopifyBackfillSchema, shopifySettingsSchema, type ShopifyBackfillView, type ShopifySettings } from '@tagphoto/contracts';
import type { Vocabulary } from '@tagphoto/tagging';

export const SHOPIFY = 'shopify';
export const BACKFILL_CURSOR = 'shopify-backfill';

/** A connection's settings with defaults filled in; settings stored by an older version still parse. */
export function readSettings(stored: Record<string, unknown>): ShopifySettings {
  const parsed = shopifySettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : shopifySettingsSchema.parse({});
}

/** The shop's own tags as the engine's vocabulary: each tag is used when a label of the same name is found. */
export function vocabularyOf(settings: ShopifySettings): Vocabulary | undefined {
  if (settings.vocabulary.length === 0) return undefined;
  return { terms: settings.vocabulary.map((tag) => ({ tag, matches: [tag] })) };
}

export const IDLE_BACKFILL: ShopifyBackfillView = {
  status: 'idle',
  processed: 0,
  total: null,
  imagesTagged: 0,
  startedAt: null,
  finishedAt: null,
  lastError: null,
};

export function readBackfill(progress: unknown): ShopifyBackfillView {
  const parsed = shopifyBackfillSchema.safeParse(progress);
  return parsed.success ? parsed.data : IDLE_BACKFILL;
}

/** Where a backfill stands: the cursor after the last finished page (null before the first). */
export interface BackfillPosition {
  after: string | null;
}

export function readPosition(position: unknown): BackfillPosition {
  const after = (position as { after?: unknown } | undefined)?.after;
  return { after: typeof after === 'string' ? after : null };
}
