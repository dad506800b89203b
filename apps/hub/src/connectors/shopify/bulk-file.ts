import { FetchError } from '../../common/outbound/fetch-bytes';
import { imageMedia, type RawMedia, type ShopifyProduct } from './shopify-admin';

/** Bulk results are downloaded only from the storage Shopify serves them from: the URL comes from the Admin API. */
const BULK_FILE_HOSTS = new Set(['storage.googleapis.com']);

export function assertBulkFileUrl(url: URL): void {
  if (url.protocol !== 'https:' || !BULK_FILE_HOSTS.has(url.hostname)) {
    throw new FetchError(`Bulk operation results are fetched from https://storage.googleapis.com only (got ${url.origin}).`, 'url_not_allowed', 400);
  }
}

export interface BulkChunk {
  products: ShopifyProduct[];
  /** Byte offset of the first line not consumed (the next product's line), or the file's end. */
  nextOffset: number;
  done: boolean;
}

interface BulkLine {
  id: string;
  __parentId?: string;
  title?: string;
  tags?: string[];
}

/**
 * Reads the next `limit` products of a bulk export's JSONL file from byte `offset`: a product's line comes
 * first, its media follow on their own lines with `__parentId`. The file is streamed (a Range request from the
 * offset) and the download stops at the product after the last one wanted, so memory holds one chunk, never
 * the file.
 */
export async function readBulkChunk(source: string, offset: number, limit: number, timeoutMs: number): Promise<BulkChunk> {
  const url = new URL(source);
  assertBulkFileUrl(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'error', signal: controller.signal, headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} });
    if (response.status === 416) return { products: [], nextOffset: offset, done: true };
    if (!response.ok || !response.body) throw new FetchError(`The bulk operation's file answered ${response.status}.`);
    // A server that ignores Range sends the whole file: the bytes before the offset are skipped.
    let skip = response.status === 206 ? 0 : offset;
    const products: ShopifyProduct[] = [];
    let position = offset;
    let pending = Buffer.alloc(0);
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (value) {
        let bytes = Buffer.from(value);
        if (skip > 0) {
          const dropped = Math.min(skip, bytes.length);
          bytes = bytes.subarray(dropped);
          skip -= dropped;
        }
        pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
      }
      let newline: number;
      while ((newline = pending.indexOf(0x0a)) >= 0) {
        const line = pending.subarray(0, newline).toString('utf8').trim();
        if (line) {
          const parsed = JSON.parse(line) as BulkLine & RawMedia;
          if (!parsed.__parentId) {
            if (products.length === limit) {
              await reader.cancel();
              return { products, nextOffset: position, done: false };
            }
            products.push({ id: parsed.id, title: parsed.title ?? '', tags: parsed.tags ?? [], media: [] });
          } else {
            const parent = products.at(-1);
            const media = imageMedia(parsed);
            if (parent?.id === parsed.__parentId && media) parent.media.push(media);
          }
        }
        position += newline + 1;
        pending = pending.subarray(newline + 1);
      }
      if (done) break;
    }
    if (pending.toString('utf8').trim()) throw new FetchError("The bulk operation's file ends in the middle of a line.");
    return { products, nextOffset: position, done: true };
  } finally {
    clearTimeout(timer);
  }
}
