import nock from 'nock';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHOTOS } from '../support/hub';

/** The API version the hub speaks (SHOPIFY_API_VERSION). */
export const API_VERSION = '2025-10';
export const API_KEY = 'tagphoto-test-client-id';
export const API_SECRET = 'tagphoto-test-client-secret';
export const SHOPIFY_ENV = {
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET,
  SHOPIFY_APP_URL: 'https://tagphoto.example.com',
};
export const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const PHOTO_NAMES = ['coffee.jpg', 'chelsea.jpg', 'fruits.jpg', 'astronaut.jpg'];
const photos = PHOTO_NAMES.map((name) => readFileSync(join(PHOTOS, name)));

export interface FakeMedia { id: string; alt: string | null; url: string }
export interface FakeProduct { id: string; legacyId: number; title: string; vendor?: string; productType?: string; tags: string[]; media: FakeMedia[] }
export interface Call { operation: string; variables: Record<string, unknown> }

const COST = (requested: number) => ({
  requestedQueryCost: requested,
  actualQueryCost: requested,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000 - requested, restoreRate: 100 },
});

/**
 * One shop as Shopify's Admin GraphQL API and CDN answer for it, at the HTTP level (nock): products with media,
 * fileUpdate, tagsAdd, metafieldsSet, productsCount, THROTTLED answers shaped like Shopify's documented ones.
 */
export class FakeShop {
  readonly name = `shop-${randomBytes(4).toString('hex')}`;
  readonly domain = `${this.name}.myshopify.com`;
  readonly products: FakeProduct[] = [];
  readonly calls: Call[] = [];
  /** Queries answered THROTTLED (by `after` cursor of products pages), each once. */
  readonly throttleAfter = new Set<string | null>();
  /** Product pages answered HTTP 500 (by `after` cursor), each once. */
  readonly failAfter = new Set<string | null>();
  throttledAnswers = 0;
  /** fileUpdate mutations answered HTTP 500 before the next one succeeds. */
  failAltTextWrites = 0;
  /** Pictures the CDN serves for some products (by legacy id) instead of the usual photos. */
  readonly pictures = new Map<number, Buffer>();

  addProducts(count: number, imageEvery: number, alt: (index: number) => string | null = () => null): void {
    for (let index = 1; index <= count; index++) {
      const legacyId = 7_000_000 + this.products.length + 1;
      const media = index % imageEvery === 0
        ? [{ id: `gid://shopify/MediaImage/${legacyId + 900_000}`, alt: alt(index), url: `https://cdn.shopify.com/s/files/1/0700/0001/files/${this.name}-${legacyId}.jpg?v=1732870000` }]
        : [];
      this.products.push({ id: `gid://shopify/Product/${legacyId}`, legacyId, title: `Product ${index}`, tags: ['handmade'], media });
    }
  }

  callsOf(operation: string): Call[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  /** Starts answering; call `nock.cleanAll()` between test files. */
  serve(): void {
    nock(`https://${this.domain}`)
      .persist()
      .post(`/admin/api/${API_VERSION}/graphql.json`)
      .reply((_uri, body) => this.answer(body as { query: string; variables?: Record<string, unknown> }));
    nock('https://cdn.shopify.com')
      .persist()
      .get(new RegExp(`/s/files/1/0700/0001/files/${this.name}-\\d+\\.jpg`))
      .reply((uri) => {
        const id = Number(/-(\d+)\.jpg/.exec(uri)![1]);
        return [200, this.pictureOf(id), { 'Content-Type': 'image/jpeg' }];
      });
  }

  /** The product as Shopify's products/create webhook sends it (REST shape, media since 2024-07). */
  webhookProduct(product: FakeProduct): Record<string, unknown> {
    const now = '2026-11-29T10:00:00-05:00';
    return {
      admin_graphql_api_id: product.id,
      body_html: '<p>Made by hand.</p>',
      created_at: now,
      handle: product.title.toLowerCase().replace(/\s+/g, '-'),
      id: product.legacyId,
      product_type: 'Mugs',
      published_at: now,
      template_suffix: null,
      title: product.title,
      updated_at: now,
      vendor: 'Test Vendor',
      status: 'active',
      published_scope: 'global',
      tags: product.tags.join(', '),
      variants: [],
      options: [],
      images: product.media.map((media, position) => ({
        id: Number(media.id.split('/').pop()),
        product_id: product.legacyId,
        position: position + 1,
        created_at: now,
        updated_at: now,
        alt: media.alt,
        width: 512,
        height: 512,
        src: media.url,
        variant_ids: [],
        admin_graphql_api_id: `gid://shopify/ProductImage/${media.id.split('/').pop()}`,
      })),
      image: null,
      media: product.media.map((media, position) => ({
        id: Number(media.id.split('/').pop()),
        product_id: product.legacyId,
        position: position + 1,
        created_at: now,
        updated_at: now,
        alt: media.alt,
        status: 'READY',
        media_content_type: 'IMAGE',
        preview_image: { width: 512, height: 512, src: media.url, status: 'READY' },
        variant_ids: [],
        admin_graphql_api_id: media.id,
      })),
      variant_gids: [],
      has_variants_that_requires_components: false,
      category: null,
    };
  }

  private answer(body: { query: string; variables?: Record<string, unknown> }): [number, unknown] {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? 'unknown';
    const variables = body.variables ?? {};
    if (operation === 'TagPhotoProducts') {
      const after = (variables.after as string | null | undefined) ?? null;
      if (this.failAfter.delete(after)) return [500, { errors: 'Internal Server Error' }];
      if (this.throttleAfter.delete(after)) {
        this.throttledAnswers += 1;
        this.calls.push({ operation: 'THROTTLED', variables });
        return [200, {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: 112, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100 } } },
        }];
      }
    }
    const failure = this.failedAltTextWrite(operation, variables);
    if (failure) return failure;
    this.calls.push({ operation, variables });
    switch (operation) {
      case 'TagPhotoProduct': {
        const product = this.products.find((p) => p.id === variables.id);
        return [200, { data: { product: product ? this.node(product) : null }, extensions: { cost: COST(12) } }];
      }
      case 'TagPhotoProducts': {
        const first = variables.first as number;
        const start = variables.after ? Number(Buffer.from(variables.after as string, 'base64').toString()) : 0;
        const page = this.products.slice(start, start + first);
        const end = start + page.length;
        return [200, {
          data: {
            products: {
              nodes: page.map((product) => this.node(product)),
              pageInfo: { hasNextPage: end < this.products.length, endCursor: page.length ? Buffer.from(String(end)).toString('base64') : null },
            },
          },
          extensions: { cost: COST(112) },
        }];
      }
      case 'TagPhotoProductsCount':
        return [200, { data: { productsCount: { count: this.products.length, precision: 'EXACT' } }, extensions: { cost: COST(1) } }];
      case 'TagPhotoAltText': {
        const files = variables.files as Array<{ id: string; alt: string }>;
        for (const file of files) {
          const media = this.products.flatMap((p) => p.media).find((m) => m.id === file.id);
          if (media) media.alt = file.alt;
        }
        return [200, { data: { fileUpdate: { files: files.map((f) => ({ id: f.id, alt: f.alt })), userErrors: [] } }, extensions: { cost: COST(10) } }];
      }
      case 'TagPhotoTags': {
        const product = this.products.find((p) => p.id === variables.id)!;
        product.tags.push(...(variables.tags as string[]));
        return [200, { data: { tagsAdd: { node: { id: product.id }, userErrors: [] } }, extensions: { cost: COST(10) } }];
      }
      case 'TagPhotoSuggestions':
        return [200, { data: { metafieldsSet: { metafields: [{ id: 'gid://shopify/Metafield/1' }], userErrors: [] } }, extensions: { cost: COST(10) } }];
      case 'TagPhotoShopTags':
        return [200, { data: { productTags: { nodes: ['mug', 'cup', 'handmade'] } }, extensions: { cost: COST(2) } }];
      default:
        return [200, { errors: [{ message: `Unknown operation ${operation}` }] }];
    }
  }

  /** A fileUpdate Shopify failed to serve (HTTP 500), recorded as FAILED, while `failAltTextWrites` lasts. */
  private failedAltTextWrite(operation: string, variables: Record<string, unknown>): [number, unknown] | undefined {
    if (operation !== 'TagPhotoAltText' || this.failAltTextWrites <= 0) return undefined;
    this.failAltTextWrites -= 1;
    this.calls.push({ operation: 'FAILED', variables });
    return [500, { errors: 'Internal Server Error' }];
  }

  /** The bytes the fake CDN serves for one of this shop's media URLs (for a browser showing the picture). */
  cdnImage(url: string): Buffer | undefined {
    const match = new RegExp(`/s/files/1/0700/0001/files/${this.name}-(\\d+)\\.jpg`).exec(new URL(url).pathname);
    return match ? this.pictureOf(Number(match[1])) : undefined;
  }

  private pictureOf(legacyId: number): Buffer {
    return this.pictures.get(legacyId) ?? photos[legacyId % photos.length]!;
  }

  private node(product: FakeProduct): Record<string, unknown> {
    return {
      id: product.id,
      title: product.title,
      // Shopify answers "" for a product without vendor or type.
      vendor: product.vendor ?? '',
      productType: product.productType ?? '',
      tags: [...product.tags],
      media: { nodes: product.media.map((m) => ({ id: m.id, mediaContentType: 'IMAGE', status: 'READY', alt: m.alt ?? '', image: { url: m.url } })) },
    };
  }
}

/** Shopify's webhook headers, signed like Shopify signs them (base64 HMAC-SHA256 of the raw body). */
export function webhookHeaders(shop: string, topic: string, body: string, eventId: string, secret = API_SECRET): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Topic': topic,
    'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
    'X-Shopify-Shop-Domain': shop,
    'X-Shopify-API-Version': API_VERSION,
    'X-Shopify-Webhook-Id': `wh-${randomBytes(6).toString('hex')}`,
    'X-Shopify-Event-Id': eventId,
    'X-Shopify-Triggered-At': new Date().toISOString(),
  };
}

/** Signs an OAuth callback query the way Shopify does (hex HMAC of the sorted query without `hmac`). */
export function signCallbackQuery(query: Record<string, string>, secret = API_SECRET): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort((a, b) => a.localeCompare(b))) params.append(key, query[key]!);
  const hmac = createHmac('sha256', secret).update(params.toString()).digest('hex');
  params.append('hmac', hmac);
  return params.toString();
}
