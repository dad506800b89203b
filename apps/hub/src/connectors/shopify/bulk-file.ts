import { FetchError } from '../../common/outbound/fetch-bytes';
import { imageMedia, type RawMedia, type ShopifyMedia, type ShopifyProduct } from './shopify-admin';

/** Bulk results are downloaded only from the storage Shopify serves them from: the URL comes from the Admin API. */
const BULK_FILE_HOSTS = new Set(['storage.googleapis.com']);
/** Bytes fetched per Range request while reading the file backwards. */
const WINDOW_BYTES = 256 * 1024;

export function assertBulkFileUrl(url: URL): void {
  if (url.protocol !== 'https:' || !BULK_FILE_HOSTS.has(url.hostname)) {
    throw new FetchError(
      `Bulk operation results are fetched from https://storage.googleapis.com only (got ${url.origin}).`,
      'url_not_allowed',
      400,
    );
  }
}

export interface BulkChunk {
  products: ShopifyProduct[];
  /** Bytes [0, nextEnd) of the file are still to be read; 0 when the whole file is done. */
  nextEnd: number;
}

interface BulkLine {
  id: string;
  __parentId?: string;
  title?: string;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[];
}

async function fetchRange(url: URL, start: number, end: number, signal: AbortSignal): Promise<Buffer> {
  const response = await fetch(url, { redirect: 'error', signal, headers: { Range: `bytes=${start}-${end - 1}` } });
  if (!response.ok) throw new FetchError(`The bulk operation's file answered ${response.status}.`);
  const bytes = Buffer.from(await response.arrayBuffer());
  // A server that ignores Range sends the whole file: the window is cut out of it.
  return response.status === 206 ? bytes : bytes.subarray(start, end);
}

/**
 * Reads products of a bulk export's JSONL file backwards from byte `end`. Shopify writes each nested object
 * (media) on its own line with `__parentId`, after its parent but not necessarily right after it; read from the
 * end, every child comes before its parent, so a product is complete when its own line is reached. The file is
 * fetched in Range windows, so memory holds one window and the media whose product is not reached yet, never
 * the file. Stops after at least `limit` products, at a line where no media wait for their product, so the
 * next call can start exactly there.
 */
export async function readBulkChunk(
  source: string,
  end: number,
  limit: number,
  timeoutMs: number,
  windowBytes = WINDOW_BYTES,
): Promise<BulkChunk> {
  const url = new URL(source);
  assertBulkFileUrl(url);
  const signal = AbortSignal.timeout(timeoutMs);
  const products: ShopifyProduct[] = [];
  const waiting = new Map<string, ShopifyMedia[]>();
  // `carry` is the start of a line whose beginning lies in the window before (lower offsets) the one just read.
  let carry = Buffer.alloc(0);
  let windowEnd = end;
  while (windowEnd > 0) {
    const windowStart = Math.max(0, windowEnd - windowBytes);
    const buffer = Buffer.concat([await fetchRange(url, windowStart, windowEnd, signal), carry]);
    // Lines that end in this buffer, last first; the buffer's first line is whole only at the file's start.
    let lineEnd = buffer.length;
    if (buffer[lineEnd - 1] === 0x0a) lineEnd -= 1;
    for (;;) {
      // (lastIndexOf counts a negative start from the end: at the buffer's start there is no newline before.)
      const newline = lineEnd > 0 ? buffer.lastIndexOf(0x0a, lineEnd - 1) : -1;
      if (newline < 0 && windowStart > 0) {
        carry = buffer.subarray(0, lineEnd + (lineEnd < buffer.length ? 1 : 0));
        break;
      }
      const lineStart = newline + 1;
      const line = buffer.subarray(lineStart, lineEnd).toString('utf8').trim();
      if (line) {
        const parsed = JSON.parse(line) as BulkLine & RawMedia;
        if (parsed.__parentId) {
          const media = imageMedia(parsed);
          if (media) waiting.set(parsed.__parentId, [media, ...(waiting.get(parsed.__parentId) ?? [])]);
        } else {
          const { id, title = '', vendor, productType, tags = [] } = parsed;
          // Shopify writes "" for a product without vendor or type.
          products.push({
            id,
            title,
            vendor: vendor || null,
            productType: productType || null,
            tags,
            media: waiting.get(id) ?? [],
          });
          waiting.delete(parsed.id);
          if (products.length >= limit && waiting.size === 0) return { products, nextEnd: windowStart + lineStart };
        }
      }
      if (newline < 0) {
        carry = Buffer.alloc(0);
        break;
      }
      lineEnd = newline;
    }
    windowEnd = windowStart;
  }
  // Media whose product line is missing cannot be tagged on any product: they are left out.
  return { products, nextEnd: 0 };
}
