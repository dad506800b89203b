import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertBulkFileUrl, readBulkChunk } from './bulk-file';

/** A bulk export's JSONL: each product's line, then its media with __parentId (a video among them). */
const LINES = [
  { id: 'gid://shopify/Product/1', title: 'Mug', tags: ['a'] },
  { id: 'gid://shopify/MediaImage/11', mediaContentType: 'IMAGE', status: 'READY', alt: '', image: { url: 'https://cdn.shopify.com/1.jpg' }, __parentId: 'gid://shopify/Product/1' },
  { id: 'gid://shopify/Video/12', mediaContentType: 'VIDEO', status: 'READY', __parentId: 'gid://shopify/Product/1' },
  { id: 'gid://shopify/Product/2', title: 'Cup', tags: [] },
  { id: 'gid://shopify/Product/3', title: 'Bowl', tags: [] },
  { id: 'gid://shopify/MediaImage/31', mediaContentType: 'IMAGE', status: 'READY', alt: 'x', image: { url: 'https://cdn.shopify.com/3.jpg' }, __parentId: 'gid://shopify/Product/3' },
];
const FILE = Buffer.from(LINES.map((line) => `${JSON.stringify(line)}\n`).join(''));

describe('reading a bulk export file in chunks', () => {
  let server: Server;
  let honourRange = true;
  const ranges: string[] = [];
  // The storage host check is the product's; the bytes come from a local server through a rewritten fetch.
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
      ranges.push(String(request.headers.range ?? ''));
      if (range && honourRange) {
        response.writeHead(206, { 'Content-Range': `bytes ${range[1]}-${FILE.length - 1}/${FILE.length}` });
        response.end(FILE.subarray(Number(range[1])));
      } else {
        response.writeHead(200);
        response.end(FILE);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    globalThis.fetch = (input, init) => realFetch(`http://127.0.0.1:${port}${new URL(String(input)).pathname}`, init);
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await new Promise((resolve) => server.close(resolve));
  });

  const url = 'https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk.jsonl';

  it.each([true, false])('stops before the product after the chunk and resumes there by byte offset (server honours Range: %s)', async (range) => {
    honourRange = range;
    const first = await readBulkChunk(url, 0, 2, 5000);
    expect(first.products.map((product) => product.id)).toEqual(['gid://shopify/Product/1', 'gid://shopify/Product/2']);
    expect(first.products[0]!.media).toEqual([{ id: 'gid://shopify/MediaImage/11', alt: '', url: 'https://cdn.shopify.com/1.jpg' }]);
    expect(first.done).toBe(false);
    expect(FILE.subarray(first.nextOffset).toString().startsWith('{"id":"gid://shopify/Product/3"')).toBe(true);
    const second = await readBulkChunk(url, first.nextOffset, 2, 5000);
    expect(second).toEqual({ products: [{ id: 'gid://shopify/Product/3', title: 'Bowl', tags: [], media: [{ id: 'gid://shopify/MediaImage/31', alt: 'x', url: 'https://cdn.shopify.com/3.jpg' }] }], nextOffset: FILE.length, done: true });
    expect(ranges.at(-1)).toBe(`bytes=${first.nextOffset}-`);
  });

  it('downloads bulk files only from Shopify\'s storage over HTTPS', () => {
    expect(() => assertBulkFileUrl(new URL('https://storage.googleapis.com/x.jsonl'))).not.toThrow();
    expect(() => assertBulkFileUrl(new URL('http://storage.googleapis.com/x.jsonl'))).toThrow(/storage.googleapis.com only/);
    expect(() => assertBulkFileUrl(new URL('https://169.254.169.254/latest'))).toThrow(/storage.googleapis.com only/);
  });
});
