import { createHash } from 'node:crypto';
import {
  shopifyBackfillSchema,
  shopifySettingsSchema,
  type ShopifyBackfillView,
  type ShopifySettings,
} from '@tagphoto/contracts';
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

/**
 * Where a backfill stands, saved after every step so a restart repeats at most one step: counting the catalog,
 * reading it in pages (small catalogs), or waiting for and then reading a bulk export (large ones), backwards
 * from the end of its JSONL file (`offset`: the bytes before it are still to be read). `run` tells apart the steps of different backfills of the same shop.
 */
export type BackfillPosition =
  | { mode: 'start'; run: string }
  | { mode: 'pages'; run: string; after: string | null }
  | { mode: 'bulk'; run: string; operationId: string; polls: number; url: string | null; offset: number };

export function readPosition(position: unknown): BackfillPosition | undefined {
  const value = position as Partial<Record<string, unknown>> | null | undefined;
  if (!value || typeof value.run !== 'string') return undefined;
  if (value.mode === 'start') return { mode: 'start', run: value.run };
  if (value.mode === 'pages')
    return { mode: 'pages', run: value.run, after: typeof value.after === 'string' ? value.after : null };
  if (value.mode === 'bulk' && typeof value.operationId === 'string') {
    return {
      mode: 'bulk',
      run: value.run,
      operationId: value.operationId,
      polls: typeof value.polls === 'number' ? value.polls : 0,
      url: typeof value.url === 'string' ? value.url : null,
      offset: typeof value.offset === 'number' ? value.offset : 0,
    };
  }
  return undefined;
}

/** A step's key: the job of a step is queued under it, so a step queued twice (a restart) runs once. */
export function stepKey(position: BackfillPosition): string {
  return createHash('sha256').update(JSON.stringify(position)).digest('hex').slice(0, 24);
}
