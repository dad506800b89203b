import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertBulkFileUrl, readBulkChunk } from './bulk-file';

const product = (n: number) => ({ id: `gid://shopify/Product/${n}`, title: `Product ${n}`, tags: [`t${n}`] });
const image = (n: number, m: number) => ({
  id: `gid://shopify/MediaImage/${n}${m}`,
  mediaContentType: 'IMAGE',
  status: 'READY',
  alt: '',
  image: { url: `https://cdn.shopify.com/${n}-${m}.jpg` },
  __parentId: `gid://shopify/Product/${n}`,
});

/**
 * A bulk export's JSONL as Shopify documents it: each media line after its product, but not right after it
 * (products 1–3, then their media, a video among them; then 4–5 and theirs).
 */
const LINES = [
  product(1),
  product(2),
  product(3),
  image(1, 1),
  { id: 'gid://shopify/Video/19', mediaContentType: 'VIDEO', status: 'READY', __parentId: 'gid://shopify/Product/1' },
  image(3, 1),
  image(1, 2),
  product(4),
  product(5),
  image(5, 1),
  image(4, 1),
];
const FILE = Buffer.from(LINES.map((line) => `${JSON.stringify(line)}\n`).join(''));

describe('reading a bulk export file backwards in chunks', () => {
  let server: Server;
  let honourRange = true;
  const ranges: string[] = [];
  // The storage host check is the product's; the bytes come from a local server through a rewritten fetch.
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(request.headers.range ?? ''));
      ranges.push(String(request.headers.range ?? ''));
      if (range && honourRange) {
        const [start, end] = [Number(range[1]), Number(range[2]) + 1];
        response.writeHead(206, { 'Content-Range': `bytes ${start}-${end - 1}/${FILE.length}` });
        response.end(FILE.subarray(start, end));
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

  async function readAll(limit: number, windowBytes: number): Promise<Array<{ id: string; media: string[] }>> {
    const seen: Array<{ id: string; media: string[] }> = [];
    let end = FILE.length;
    do {
      const chunk = await readBulkChunk(url, end, limit, 5000, windowBytes);
      expect(chunk.nextEnd).toBeLessThan(end);
      seen.push(...chunk.products.map((item) => ({ id: item.id, media: item.media.map((media) => media.id) })));
      end = chunk.nextEnd;
    } while (end > 0);
    return seen;
  }

  const expected = [
    { id: 'gid://shopify/Product/5', media: ['gid://shopify/MediaImage/51'] },
    { id: 'gid://shopify/Product/4', media: ['gid://shopify/MediaImage/41'] },
    { id: 'gid://shopify/Product/3', media: ['gid://shopify/MediaImage/31'] },
    { id: 'gid://shopify/Product/2', media: [] },
    { id: 'gid://shopify/Product/1', media: ['gid://shopify/MediaImage/11', 'gid://shopify/MediaImage/12'] },
  ];

  it.each([
    [1, 64 * 1024],
    [2, 64 * 1024],
    [1, 37],
    [3, 10],
  ])(
    'gives every product with all its images once, in chunks of at least %i, reading %i-byte windows',
    async (limit, windowBytes) => {
      honourRange = true;
      expect(await readAll(limit, windowBytes)).toEqual(expected);
    },
  );

  it('never ends a chunk while images wait for their product, so none is lost between chunks', async () => {
    honourRange = true;
    // After product 5 (limit 1), image 41 still waits for product 4: the chunk runs on to product 4.
    const first = await readBulkChunk(url, FILE.length, 1, 5000);
    expect(first.products.map((item) => item.id)).toEqual(['gid://shopify/Product/5', 'gid://shopify/Product/4']);
    expect(
      FILE.subarray(first.nextEnd)
        .toString()
        .startsWith(JSON.stringify(product(4))),
    ).toBe(true);
    expect(ranges.at(-1)).toBe(`bytes=0-${FILE.length - 1}`);
  });

  it('works with a server that ignores Range', async () => {
    honourRange = false;
    expect(await readAll(2, 40)).toEqual(expected);
  });

  it("downloads bulk files only from Shopify's storage over HTTPS", () => {
    expect(() => assertBulkFileUrl(new URL('https://storage.googleapis.com/x.jsonl'))).not.toThrow();
    expect(() => assertBulkFileUrl(new URL('http://storage.googleapis.com/x.jsonl'))).toThrow(
      /storage.googleapis.com only/,
    );
    expect(() => assertBulkFileUrl(new URL('https://169.254.169.254/latest'))).toThrow(/storage.googleapis.com only/);
  });
});
