// The fetch reroute must load before @shopify/shopify-api captures fetch: importing this module first does that.
import { TARGET } from '../support/fake-shopify-route';
import {
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { actualCost, argumentsOf, operationOf, requestedCost, SINGLE_QUERY_MAX_COST } from './query-cost';

/** The API version the hub speaks (SHOPIFY_API_VERSION); the fake answers no other. */
export const API_VERSION = '2026-10';
export const API_KEY = 'tagphoto-test-client-id';
export const API_SECRET = 'tagphoto-test-client-secret';
export const SHOPIFY_ENV = {
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET,
  SHOPIFY_APP_URL: 'https://tagphoto.example.com',
};
export const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
export const SCOPE = 'write_products,write_files';

const PHOTO_NAMES = ['coffee.jpg', 'chelsea.jpg', 'fruits.jpg', 'astronaut.jpg'];
/** The engine's fixture photos (tests/support/hub.ts PHOTOS; not imported, so benchmarks can bundle this file alone). */
const PHOTOS = join(__dirname, '..', '..', 'libs', 'tagging', 'fixtures', 'photos');
const defaultPhotos = (): Buffer[] => PHOTO_NAMES.map((name) => readFileSync(join(PHOTOS, name)));

/** Shopify's plans: restore rate in points per second and bucket size (the rate-limits documentation). */
export const PLANS = {
  standard: { restoreRate: 100, maximumAvailable: 2000 },
  advanced: { restoreRate: 200, maximumAvailable: 4000 },
  plus: { restoreRate: 1000, maximumAvailable: 20000 },
} as const;
export type Plan = keyof typeof PLANS;

/** Shopify's input-array limit: arguments that take a list take at most 250 items. */
export const MAX_INPUT_SIZE = 250;
/** A connection's `first`/`last` may not exceed 250. */
const MAX_PAGE_SIZE = 250;
/** Expiring offline tokens last an hour; their refresh tokens 90 days. */
const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const OFFLINE_TOKEN = 'urn:shopify:params:oauth:token-type:offline-access-token';

export interface FakeMedia {
  id: string;
  alt: string | null;
  url: string;
}
export interface FakeProduct {
  id: string;
  legacyId: number;
  title: string;
  vendor?: string;
  productType?: string;
  tags: string[];
  media: FakeMedia[];
}
export interface Call {
  operation: string;
  variables: Record<string, unknown>;
  token: string;
}
/** One query the bucket let through: when, what it asked for, what it cost. */
export interface Charge {
  at: number;
  operation: string;
  requested: number;
  actual: number;
  availableBefore: number;
}
/** The fake's record of one call's refusal, by error code. */
export interface Refusal {
  operation: string;
  code: string;
  requested?: number;
}

interface BulkOperation {
  id: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  query: string;
  createdAt: string;
  completedAt: string | null;
  lines: string[];
  rootObjectCount: number;
}

interface Token {
  shop: FakeShop;
  expiresAt: number | null;
}

type Resolver = (args: Record<string, unknown>) => unknown;
/** A GraphQL object of the fake schema: its type name and, per field, a value or a resolver taking the arguments. */
type GqlObject = { __typename: string } & Record<string, unknown>;

class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Shopify's refusal of a connection read without a page size. */
class GqlErrorFirst extends GraphqlError {
  constructor() {
    super('you must provide one of first or last', 'BAD_REQUEST');
  }
}

const cursorOf = (index: number): string => Buffer.from(`cursor:${index}`).toString('base64');
const indexOf = (cursor: unknown): number =>
  typeof cursor === 'string' ? Number(Buffer.from(cursor, 'base64').toString().split(':')[1]) : -1;

/** A Relay connection over `items`, paged by first/after like Shopify's (one of first/last required, at most 250). */
function connection<T>(items: T[], args: Record<string, unknown>, toNode: (item: T) => GqlObject | string): GqlObject {
  const first = args.first;
  if (typeof first !== 'number') throw new GqlErrorFirst();
  if (first > MAX_PAGE_SIZE)
    throw new GraphqlError(`The page size ${first} is larger than the maximum of ${MAX_PAGE_SIZE}.`, 'BAD_REQUEST');
  const start = indexOf(args.after) + 1;
  const page = items.slice(start, start + first);
  return {
    __typename: 'Connection',
    nodes: page.map(toNode),
    edges: page.map((item, offset) => ({ __typename: 'Edge', cursor: cursorOf(start + offset), node: toNode(item) })),
    pageInfo: {
      __typename: 'PageInfo',
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorOf(start) : null,
      endCursor: page.length ? cursorOf(start + page.length - 1) : null,
    },
  };
}

/** Runs a selection against a fake object: unknown fields are refused the way a schema would refuse them. */
function execute(
  set: SelectionSetNode,
  value: GqlObject,
  variables: Record<string, unknown>,
  fragments: Map<string, FragmentDefinitionNode>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      out[selection.alias?.value ?? selection.name.value] = resolveField(selection, value, variables, fragments);
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) throw new GraphqlError('Unknown fragment');
      const type = fragment.typeCondition?.name.value;
      const types = [value.__typename, ...((value.__interfaces as string[] | undefined) ?? [])];
      if (!type || types.includes(type))
        Object.assign(out, execute(fragment.selectionSet, value, variables, fragments));
    }
  }
  return out;
}

function resolveField(
  field: FieldNode,
  value: GqlObject,
  variables: Record<string, unknown>,
  fragments: Map<string, FragmentDefinitionNode>,
): unknown {
  const name = field.name.value;
  if (name === '__typename') return value.__typename;
  if (!(name in value) || name === '__interfaces')
    throw new GraphqlError(`Field '${name}' doesn't exist on type '${value.__typename}'`, 'undefinedField');
  const raw = value[name];
  const resolved = typeof raw === 'function' ? (raw as Resolver)(argumentsOf(field, variables)) : raw;
  const complete = (item: unknown): unknown => {
    if (item === null || item === undefined) return null;
    if (field.selectionSet && typeof item === 'object')
      return execute(field.selectionSet, item as GqlObject, variables, fragments);
    return item;
  };
  return Array.isArray(resolved) ? resolved.map(complete) : complete(resolved);
}

/** Every array anywhere in the variables, with its path, so inputs over 250 items can be refused. */
function longestInputArray(value: unknown, path = 'variables'): { path: string; length: number } | undefined {
  let longest: { path: string; length: number } | undefined;
  const consider = (candidate: { path: string; length: number } | undefined): void => {
    if (candidate && (!longest || candidate.length > longest.length)) longest = candidate;
  };
  if (Array.isArray(value)) {
    consider({ path, length: value.length });
    value.forEach((item, index) => consider(longestInputArray(item, `${path}.${index}`)));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) consider(longestInputArray(item, `${path}.${key}`));
  }
  return longest;
}

/**
 * One shop as Shopify's Admin GraphQL API, OAuth token endpoint, CDN and bulk-result storage answer for it, on
 * a real HTTP server on 127.0.0.1 (shared by all shops of a test file; Shopify's hosts reach it through
 * tests/support/fake-shopify-route.js). It enforces what the real API enforces: the requested cost of every
 * query (MAX_COST_EXCEEDED over 1,000), a leaky bucket per plan (THROTTLED with `extensions.cost`), input
 * arrays of at most 250, one of first/last on connections, bulk operations with a JSONL file (`__parentId`),
 * and access tokens that are checked on every call, expire, rotate on refresh and die when replaced.
 */
export class FakeShop {
  readonly name = `shop-${randomBytes(4).toString('hex')}`;
  readonly domain = `${this.name}.myshopify.com`;
  readonly products: FakeProduct[] = [];
  readonly calls: Call[] = [];
  /** Every query the bucket let through, in order: the fake's accounting of the rate. */
  readonly charges: Charge[] = [];
  readonly refusals: Refusal[] = [];
  /** Requests to the token endpoint, by grant (and subject token type for token exchange). */
  readonly tokenGrants: string[] = [];
  /** Access tokens the app revoked (DELETE api_permissions/current). */
  readonly revoked: string[] = [];
  /** Operations carried out but answered HTTP 500 (the answer lost on the way), once each, by operation name. */
  readonly loseAnswerOf = new Set<string>();
  /** Product-page queries answered HTTP 500, once each, by page number (0 = first page). */
  readonly failPages = new Set<number>();
  /** fileUpdate calls answered HTTP 500 (nothing written) before the next one is served. */
  failAltTextWrites = 0;
  /** Pictures the CDN serves for some products' images (by the product's legacy id) instead of the usual photos. */
  readonly pictures = new Map<number, Buffer>();
  /** Bulk operations finish after this many milliseconds. */
  bulkDelayMs = 300;
  /** Lifetime of the expiring access tokens this shop hands out. */
  accessTokenSeconds = ACCESS_TOKEN_SECONDS;
  /** Delivers a signed webhook (bulk_operations/finish) to the hub, if set. */
  deliverWebhook: ((headers: Record<string, string>, body: string) => Promise<unknown>) | undefined;
  private available: number;
  private refilledAt = Date.now();
  private readonly tokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, { expiresAt: number }>();
  private readonly bulkOperations = new Map<string, BulkOperation>();
  private readonly photos: Buffer[];
  private productPagesServed = 0;

  constructor(
    readonly plan: Plan = 'standard',
    photos?: Buffer[],
  ) {
    this.available = PLANS[plan].maximumAvailable;
    this.photos = photos ?? defaultPhotos();
  }

  get throttledAnswers(): number {
    return this.refusals.filter((refusal) => refusal.code === 'THROTTLED').length;
  }

  /** Adds products; `imagesOf(index)` says how many images the index-th (1-based) gets. */
  addProducts(
    count: number,
    imagesOf: number | ((index: number) => number),
    alt: (index: number) => string | null = () => null,
  ): void {
    for (let index = 1; index <= count; index++) {
      const legacyId = 7_000_000 + this.products.length + 1;
      const images = typeof imagesOf === 'number' ? (index % imagesOf === 0 ? 1 : 0) : imagesOf(index);
      const media = Array.from({ length: images }, (_, n) => {
        const mediaId = legacyId * 1000 + n;
        return {
          id: `gid://shopify/MediaImage/${mediaId}`,
          alt: alt(index),
          url: `https://cdn.shopify.com/s/files/1/0700/0001/files/${this.name}-${mediaId}.jpg?v=1732870000`,
        };
      });
      this.products.push({
        id: `gid://shopify/Product/${legacyId}`,
        legacyId,
        title: `Product ${index}`,
        tags: ['handmade'],
        media,
      });
    }
  }

  get mediaCount(): number {
    return this.products.reduce((sum, product) => sum + product.media.length, 0);
  }

  callsOf(operation: string): Call[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  /** Starts answering for this shop (on the file's shared fake server). */
  async serve(): Promise<void> {
    (await FakeShopify.shared()).add(this);
  }

  /** A non-expiring offline token, as shops installed before expiring tokens hold. */
  issueNonExpiringToken(): string {
    const token = `shpat_${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, { shop: this, expiresAt: null });
    return token;
  }

  /** Makes every access token of the shop invalid now (as expiry would), leaving refresh tokens usable. */
  expireAccessTokens(): void {
    for (const token of this.tokens.values()) if (token.shop === this) token.expiresAt = Date.now() - 1;
  }

  /** Size of the latest finished bulk export's JSONL file, in bytes. */
  bulkFileSize(): number {
    const latest = [...this.bulkOperations.values()].filter((operation) => operation.status === 'COMPLETED').at(-1);
    return latest ? latest.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) : 0;
  }

  /** Empties the bucket down to `points`, as other calls of the app would. */
  drainBucket(points: number): void {
    this.refill();
    this.available = Math.min(this.available, points);
  }

  isValidToken(token: string): boolean {
    const known = this.tokens.get(token);
    return !!known && (known.expiresAt === null || known.expiresAt > Date.now());
  }

  /** The largest total cost the bucket let through in any window, beside what the plan allows in it. */
  rateCheck(): { worstExcess: number; points: number; seconds: number } {
    const { restoreRate, maximumAvailable } = PLANS[this.plan];
    let worstExcess = -Infinity;
    for (let start = 0; start < this.charges.length; start++) {
      let spent = 0;
      for (let end = start; end < this.charges.length; end++) {
        spent += this.charges[end].actual;
        const seconds = (this.charges[end].at - this.charges[start].at) / 1000;
        worstExcess = Math.max(worstExcess, spent - (maximumAvailable + restoreRate * seconds));
      }
    }
    const points = this.charges.reduce((sum, charge) => sum + charge.actual, 0);
    const seconds = this.charges.length ? (this.charges.at(-1)!.at - this.charges[0].at) / 1000 : 0;
    return { worstExcess, points, seconds };
  }

  /** The product as Shopify's products/create webhook sends it (REST shape, media since 2024-07). */
  webhookProduct(product: FakeProduct): Record<string, unknown> {
    const now = '2026-11-29T10:00:00-05:00';
    // The fields a product's image and its media entry share in the REST payload.
    const placed = (media: FakeProduct['media'][number], position: number) => ({
      id: Number(media.id.split('/').pop()),
      product_id: product.legacyId,
      position: position + 1,
      created_at: now,
      updated_at: now,
      alt: media.alt,
    });
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
        ...placed(media, position),
        width: 512,
        height: 512,
        src: media.url,
        variant_ids: [],
        admin_graphql_api_id: `gid://shopify/ProductImage/${media.id.split('/').pop()}`,
      })),
      image: null,
      media: product.media.map((media, position) => ({
        ...placed(media, position),
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

  // ---- HTTP ----------------------------------------------------------------------------------------------

  /** The shop's own host: Admin API, token endpoint, app permissions. */
  handle(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'POST' && path === '/admin/oauth/access_token')
      return this.tokenEndpoint(request, body, response);
    if (request.method === 'DELETE' && path === '/admin/api_permissions/current.json') {
      const token = String(request.headers['x-shopify-access-token'] ?? '');
      if (!this.isValidToken(token))
        return send(response, 401, {
          errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
        });
      this.revoked.push(token);
      this.tokens.delete(token);
      return send(response, 200, {});
    }
    const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (request.method === 'POST' && graphql) {
      if (graphql[1] !== API_VERSION)
        return send(response, 404, {
          errors: `API version ${graphql[1]} is not served by this fake (expected ${API_VERSION}).`,
        });
      const token = String(request.headers['x-shopify-access-token'] ?? '');
      if (!this.isValidToken(token)) {
        this.refusals.push({ operation: 'graphql', code: 'UNAUTHORIZED' });
        return send(response, 401, {
          errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
        });
      }
      const [status, payload] = this.graphql(
        JSON.parse(body.toString('utf8')) as { query: string; variables?: Record<string, unknown> },
        token,
      );
      return send(response, status, payload);
    }
    return send(response, 404, { errors: 'Not Found' });
  }

  /** The CDN: product images by media id. */
  image(path: string): Buffer | undefined {
    const match = new RegExp(`/files/${this.name}-(\\d+)\\.jpg$`).exec(path);
    if (!match) return undefined;
    const owner = this.products.find((product) =>
      product.media.some((media) => media.url.includes(`${this.name}-${match[1]}.jpg`)),
    );
    return owner
      ? (this.pictures.get(owner.legacyId) ?? this.photos[Number(match[1]) % this.photos.length])
      : undefined;
  }

  /** The bytes the CDN serves for one of this shop's media URLs (for a browser showing the picture). */
  cdnImage(url: string): Buffer | undefined {
    return this.image(new URL(url).pathname);
  }

  /** Bulk-result storage: the JSONL file of a completed bulk operation. */
  bulkFile(path: string): string[] | undefined {
    const match = new RegExp(`/${this.name}/bulk-(\\d+)\\.jsonl$`).exec(path);
    const operation = match ? this.bulkOperations.get(`gid://shopify/BulkOperation/${match[1]}`) : undefined;
    return operation?.status === 'COMPLETED' ? operation.lines : undefined;
  }

  private tokenEndpoint(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const type = String(request.headers['content-type'] ?? '');
    const params: Record<string, string> = type.includes('application/json')
      ? (JSON.parse(body.toString('utf8')) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const refuse = (error: string, description: string): void =>
      send(response, 400, { error, error_description: description });
    if (params.client_id !== API_KEY || params.client_secret !== API_SECRET)
      return refuse('invalid_client', 'Client authentication failed.');
    if (params.grant_type === 'refresh_token') {
      this.tokenGrants.push('refresh_token');
      const known = this.refreshTokens.get(params.refresh_token ?? '');
      if (!known || known.expiresAt <= Date.now())
        return refuse('invalid_grant', 'The refresh token is invalid or expired.');
      // Refresh tokens rotate: the one just used is spent.
      this.refreshTokens.delete(params.refresh_token);
      return send(response, 200, this.expiringGrant());
    }
    if (params.grant_type === TOKEN_EXCHANGE && params.subject_token_type === OFFLINE_TOKEN) {
      this.tokenGrants.push('token_exchange:offline_token');
      // The migration from a non-expiring token: the old token is exchanged once and dies.
      const known = this.tokens.get(params.subject_token ?? '');
      if (!known || known.shop !== this || known.expiresAt !== null || params.expiring !== '1')
        return refuse('invalid_subject_token', 'The subject token is not a non-expiring offline token of this shop.');
      this.tokens.delete(params.subject_token);
      return send(response, 200, this.expiringGrant());
    }
    if (params.grant_type === TOKEN_EXCHANGE && params.subject_token_type === ID_TOKEN) {
      this.tokenGrants.push('token_exchange:id_token');
      if (!this.validSessionToken(params.subject_token ?? ''))
        return refuse('invalid_subject_token', 'The session token is not valid.');
      if (params.requested_token_type !== OFFLINE_TOKEN)
        return refuse('invalid_request', 'Only offline tokens are served by this fake.');
      return send(
        response,
        200,
        params.expiring === '1' ? this.expiringGrant() : { access_token: this.issueNonExpiringToken(), scope: SCOPE },
      );
    }
    return refuse('unsupported_grant_type', `Grant type ${params.grant_type ?? '(none)'} is not supported.`);
  }

  private expiringGrant(): Record<string, unknown> {
    const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
    const refreshToken = `shprt_${randomBytes(16).toString('hex')}`;
    this.tokens.set(accessToken, { shop: this, expiresAt: Date.now() + this.accessTokenSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { expiresAt: Date.now() + REFRESH_TOKEN_SECONDS * 1000 });
    return {
      access_token: accessToken,
      expires_in: this.accessTokenSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
      scope: SCOPE,
    };
  }

  /** An App Bridge session token: HS256 with the app secret, for this app (aud) and this shop (dest). */
  private validSessionToken(token: string): boolean {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return false;
    const expected = createHmac('sha256', API_SECRET).update(`${header}.${payload}`).digest('base64url');
    if (expected !== signature) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      aud?: string;
      dest?: string;
      exp?: number;
    };
    return claims.aud === API_KEY && claims.dest === `https://${this.domain}` && (claims.exp ?? 0) * 1000 > Date.now();
  }

  // ---- GraphQL -------------------------------------------------------------------------------------------

  private refill(): number {
    const { restoreRate, maximumAvailable } = PLANS[this.plan];
    const now = Date.now();
    this.available = Math.min(maximumAvailable, this.available + ((now - this.refilledAt) / 1000) * restoreRate);
    this.refilledAt = now;
    return this.available;
  }

  private throttleStatus(): Record<string, number> {
    const { restoreRate, maximumAvailable } = PLANS[this.plan];
    return { maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate };
  }

  private graphql(body: { query: string; variables?: Record<string, unknown> }, token: string): [number, unknown] {
    const variables = body.variables ?? {};
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return [200, { errors: [{ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }];
    }
    const operationDefinition = operationOf(document);
    const operation = operationDefinition.name?.value ?? 'anonymous';
    const refuse = (
      code: string,
      message: string,
      extra: Record<string, unknown> = {},
      requested?: number,
    ): [number, unknown] => {
      this.refusals.push({ operation, code, requested });
      return [200, { errors: [{ message, extensions: { code, ...extra } }] }];
    };
    const longest = longestInputArray(variables);
    if (longest && longest.length > MAX_INPUT_SIZE) {
      return refuse(
        'MAX_INPUT_SIZE_EXCEEDED',
        `The input array size of ${longest.length} is greater than the maximum allowed of ${MAX_INPUT_SIZE}.`,
        { problems: [{ path: longest.path.split('.') }] },
      );
    }
    const requested = requestedCost(document, variables);
    if (requested > SINGLE_QUERY_MAX_COST) {
      return refuse(
        'MAX_COST_EXCEEDED',
        `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
        { cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: 'https://shopify.dev/api/usage/rate-limits' },
        requested,
      );
    }
    const availableBefore = this.refill();
    if (requested > availableBefore) {
      this.refusals.push({ operation, code: 'THROTTLED', requested });
      return [
        200,
        {
          errors: [
            {
              message: 'Throttled',
              extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
            },
          ],
          extensions: {
            cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.throttleStatus() },
          },
        },
      ];
    }
    if (operation === 'TagPhotoProducts' && this.failPages.delete(this.productPagesServed))
      return [500, { errors: 'Internal Server Error' }];
    if (operation === 'TagPhotoAltText' && this.failAltTextWrites > 0) {
      this.failAltTextWrites -= 1;
      this.refusals.push({ operation, code: 'INTERNAL_SERVER_ERROR', requested });
      return [500, { errors: 'Internal Server Error' }];
    }
    this.available -= requested;
    this.calls.push({ operation, variables, token });
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    let data: Record<string, unknown>;
    try {
      const root =
        operationDefinition.operation === OperationTypeNode.MUTATION ? this.mutationRoot() : this.queryRoot();
      data = execute(operationDefinition.selectionSet, root, variables, fragments);
    } catch (error) {
      this.available += requested;
      if (!(error instanceof GraphqlError)) throw error;
      return refuse(error.code ?? 'INTERNAL_SERVER_ERROR', error.message, error.extra);
    }
    if (operation === 'TagPhotoProducts') this.productPagesServed += 1;
    if (this.loseAnswerOf.delete(operation)) return [500, { errors: 'Internal Server Error' }];
    const actual = actualCost(document, variables, data);
    this.available += requested - actual;
    this.charges.push({ at: Date.now(), operation, requested, actual, availableBefore });
    return [
      200,
      {
        data,
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus() },
        },
      },
    ];
  }

  private mediaObject(media: FakeMedia): GqlObject {
    return {
      __typename: 'MediaImage',
      __interfaces: ['Media', 'File', 'Node'],
      id: media.id,
      mediaContentType: 'IMAGE',
      status: 'READY',
      alt: media.alt ?? '',
      image: { __typename: 'Image', url: media.url, width: 512, height: 512, altText: media.alt },
    };
  }

  private productObject(product: FakeProduct): GqlObject {
    return {
      __typename: 'Product',
      __interfaces: ['Node'],
      id: product.id,
      legacyResourceId: String(product.legacyId),
      title: product.title,
      // Shopify answers "" for a product without vendor or type.
      vendor: product.vendor ?? '',
      productType: product.productType ?? '',
      tags: [...product.tags],
      media: (args: Record<string, unknown>) => connection(product.media, args, (media) => this.mediaObject(media)),
    };
  }

  private bulkObject(operation: BulkOperation): GqlObject {
    return {
      __typename: 'BulkOperation',
      id: operation.id,
      status: operation.status,
      errorCode: null,
      createdAt: operation.createdAt,
      completedAt: operation.completedAt,
      objectCount: String(operation.status === 'COMPLETED' ? operation.lines.length : 0),
      rootObjectCount: String(operation.status === 'COMPLETED' ? operation.rootObjectCount : 0),
      fileSize:
        operation.status === 'COMPLETED'
          ? String(operation.lines.reduce((sum, line) => sum + line.length + 1, 0))
          : null,
      url:
        operation.status === 'COMPLETED'
          ? `https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/${this.name}/bulk-${operation.id.split('/').pop()}.jsonl?X-Goog-Signature=${randomBytes(8).toString('hex')}`
          : null,
      partialDataUrl: null,
      query: operation.query,
      type: 'QUERY',
    };
  }

  private queryRoot(): GqlObject {
    return {
      __typename: 'QueryRoot',
      product: (args: Record<string, unknown>) => {
        const product = this.products.find((candidate) => candidate.id === args.id);
        return product ? this.productObject(product) : null;
      },
      products: (args: Record<string, unknown>) =>
        connection(this.products, args, (product) => this.productObject(product)),
      nodes: (args: Record<string, unknown>) =>
        (args.ids as string[]).map((id) => {
          const product = this.products.find((candidate) => candidate.id === id);
          if (product) return this.productObject(product);
          const media = this.products.flatMap((candidate) => candidate.media).find((candidate) => candidate.id === id);
          return media ? this.mediaObject(media) : null;
        }),
      productsCount: () => ({ __typename: 'Count', count: this.products.length, precision: 'EXACT' }),
      productTags: (args: Record<string, unknown>) => connection(['mug', 'cup', 'handmade'], args, (tag) => tag),
      bulkOperation: (args: Record<string, unknown>) => {
        const operation = this.bulkOperations.get(String(args.id));
        return operation ? this.bulkObject(operation) : null;
      },
      currentBulkOperation: () => {
        const latest = [...this.bulkOperations.values()].at(-1);
        return latest ? this.bulkObject(latest) : null;
      },
    };
  }

  private mutationRoot(): GqlObject {
    const mediaById = (id: unknown): FakeMedia | undefined =>
      this.products.flatMap((product) => product.media).find((media) => media.id === id);
    return {
      __typename: 'Mutation',
      fileUpdate: (args: Record<string, unknown>) => {
        const files = args.files as Array<{ id: string; alt?: string }>;
        const userErrors: GqlObject[] = [];
        const updated: GqlObject[] = [];
        files.forEach((file, index) => {
          const media = mediaById(file.id);
          if (!media) {
            userErrors.push({
              __typename: 'FilesUserError',
              field: ['files', String(index), 'id'],
              message: 'File id does not exist.',
              code: 'FILE_DOES_NOT_EXIST',
            });
            return;
          }
          if (typeof file.alt === 'string' && file.alt.length > 512) {
            userErrors.push({
              __typename: 'FilesUserError',
              field: ['files', String(index), 'alt'],
              message: 'Alt is too long (maximum is 512 characters)',
              code: 'ALT_VALUE_LIMIT_EXCEEDED',
            });
            return;
          }
          if (typeof file.alt === 'string') media.alt = file.alt;
          updated.push({ __typename: 'MediaImage', id: media.id, alt: media.alt });
        });
        return { __typename: 'FileUpdatePayload', files: userErrors.length ? null : updated, userErrors };
      },
      tagsAdd: (args: Record<string, unknown>) => {
        const product = this.products.find((candidate) => candidate.id === args.id);
        if (!product)
          return {
            __typename: 'TagsAddPayload',
            node: null,
            userErrors: [{ __typename: 'UserError', field: ['id'], message: 'Product does not exist' }],
          };
        for (const tag of args.tags as string[]) if (!product.tags.includes(tag)) product.tags.push(tag);
        return { __typename: 'TagsAddPayload', node: { __typename: 'Product', id: product.id }, userErrors: [] };
      },
      metafieldsSet: (args: Record<string, unknown>) => ({
        __typename: 'MetafieldsSetPayload',
        metafields: (args.metafields as unknown[]).map((_, index) => ({
          __typename: 'Metafield',
          id: `gid://shopify/Metafield/${index + 1}`,
        })),
        userErrors: [],
      }),
      bulkOperationRunQuery: (args: Record<string, unknown>) => this.runBulkQuery(String(args.query ?? '')),
    };
  }

  /**
   * bulkOperationRunQuery: the inner query must be valid, read one top-level connection, hold at most five
   * connections nested at most two deep; up to five run at once (API 2026-01 and later). The result is a JSONL
   * file: one line per object, objects of nested connections on their own lines with `__parentId`.
   */
  private runBulkQuery(query: string): GqlObject {
    const userError = (message: string, code: string): GqlObject => ({
      __typename: 'BulkOperationRunQueryPayload',
      bulkOperation: null,
      userErrors: [{ __typename: 'BulkOperationUserError', field: ['query'], message, code }],
    });
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return userError(`Invalid bulk query: ${(error as Error).message}`, 'INVALID');
    }
    const running = [...this.bulkOperations.values()].filter(
      (operation) => operation.status === 'CREATED' || operation.status === 'RUNNING',
    );
    if (running.length >= 5)
      return userError('A bulk query operation for this app and shop is already in progress.', 'OPERATION_IN_PROGRESS');
    const operation = operationOf(document);
    const [root, ...others] = operation.selectionSet.selections;
    if (
      operation.operation !== OperationTypeNode.QUERY ||
      !root ||
      others.length > 0 ||
      root.kind !== Kind.FIELD ||
      root.name.value !== 'products' ||
      !root.selectionSet
    ) {
      return userError(
        'Bulk queries must read exactly one top-level connection (this fake serves products).',
        'INVALID',
      );
    }
    const nodeSet = nodeSelectionOf(root.selectionSet);
    if (!nodeSet) return userError('The top-level connection must select nodes or edges { node }.', 'INVALID');
    const nested = nodeSet.selections.filter(
      (selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value === 'media',
    );
    for (const field of nested) {
      const inner = field.selectionSet && nodeSelectionOf(field.selectionSet);
      if (inner?.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === 'media'))
        return userError('Bulk queries nest connections at most two levels deep.', 'INVALID');
    }
    const id = `gid://shopify/BulkOperation/${1_000_000 + this.bulkOperations.size + 1}`;
    const record: BulkOperation = {
      id,
      status: 'RUNNING',
      query,
      createdAt: new Date().toISOString(),
      completedAt: null,
      lines: [],
      rootObjectCount: 0,
    };
    this.bulkOperations.set(id, record);
    const fragments = new Map<string, FragmentDefinitionNode>();
    const flatSet: SelectionSetNode = {
      ...nodeSet,
      selections: nodeSet.selections.filter(
        (selection) => !(selection.kind === Kind.FIELD && selection.name.value === 'media'),
      ),
    };
    const timer = setTimeout(() => {
      // The snapshot is taken when the operation finishes, as Shopify's export reads the shop while it runs.
      // Shopify writes a nested object after its parent, but not necessarily right after it: here the products
      // come in groups of seven, each group's media after the group.
      const lines: string[] = [];
      for (let start = 0; start < this.products.length; start += 7) {
        const group = this.products.slice(start, start + 7);
        for (const product of group)
          lines.push(JSON.stringify(execute(flatSet, this.productObject(product), {}, fragments)));
        for (const product of group) {
          for (const field of nested) {
            const mediaSet = nodeSelectionOf(field.selectionSet!)!;
            for (const media of product.media)
              lines.push(
                JSON.stringify({
                  ...execute(mediaSet, this.mediaObject(media), {}, fragments),
                  __parentId: product.id,
                }),
              );
          }
        }
      }
      record.lines = lines;
      record.rootObjectCount = this.products.length;
      record.status = 'COMPLETED';
      record.completedAt = new Date().toISOString();
      void this.announceBulkFinish(record);
    }, this.bulkDelayMs);
    timer.unref();
    return { __typename: 'BulkOperationRunQueryPayload', bulkOperation: this.bulkObject(record), userErrors: [] };
  }

  /** bulk_operations/finish, signed like every Shopify webhook. */
  private async announceBulkFinish(operation: BulkOperation): Promise<void> {
    if (!this.deliverWebhook) return;
    const body = JSON.stringify({
      admin_graphql_api_id: operation.id,
      completed_at: operation.completedAt,
      created_at: operation.createdAt,
      error_code: null,
      status: operation.status.toLowerCase(),
      type: 'query',
    });
    await this.deliverWebhook(
      webhookHeaders(
        this.domain,
        'bulk_operations/finish',
        body,
        `evt-bulk-${this.name}-${operation.id.split('/').pop()}`,
      ),
      body,
    ).catch(() => undefined);
  }
}

/** A connection selection's node selection: `nodes { … }` or `edges { node { … } }`. */
function nodeSelectionOf(set: SelectionSetNode): SelectionSetNode | undefined {
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    if (selection.name.value === 'nodes') return selection.selectionSet;
    if (selection.name.value === 'edges') {
      const node = selection.selectionSet.selections.find(
        (inner): inner is FieldNode => inner.kind === Kind.FIELD && inner.name.value === 'node',
      );
      if (node?.selectionSet) return node.selectionSet;
    }
  }
  return undefined;
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'X-Shopify-API-Version': API_VERSION });
  response.end(JSON.stringify(payload));
}

/** The HTTP server all fake shops of a test file (or benchmark) share, on 127.0.0.1. */
export class FakeShopify {
  private static instance: Promise<FakeShopify> | undefined;
  private readonly shops = new Map<string, FakeShop>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static shared(): Promise<FakeShopify> {
    FakeShopify.instance ??= FakeShopify.start();
    return FakeShopify.instance;
  }

  static async closeShared(): Promise<void> {
    const instance = FakeShopify.instance;
    FakeShopify.instance = undefined;
    if (instance) await (await instance).close();
  }

  private static async start(): Promise<FakeShopify> {
    let fake: FakeShopify | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          fake!.route(request, Buffer.concat(chunks), response);
        } catch (error) {
          send(response, 500, { errors: String(error) });
        }
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeShopify(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    (globalThis as Record<symbol, unknown>)[TARGET] = {
      origin: fake.origin,
      serves: (host: string) => fake.serves(host),
    };
    return fake;
  }

  add(shop: FakeShop): void {
    this.shops.set(shop.domain, shop);
  }

  serves(host: string): boolean {
    return host === 'cdn.shopify.com' || host === 'storage.googleapis.com' || this.shops.has(host);
  }

  async close(): Promise<void> {
    delete (globalThis as Record<symbol, unknown>)[TARGET];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const host = String(request.headers['x-fake-shopify-host'] ?? '');
    const path = (request.url ?? '/').split('?')[0];
    if (host === 'cdn.shopify.com') {
      for (const shop of this.shops.values()) {
        const bytes = shop.image(path);
        if (bytes) {
          response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': bytes.length });
          response.end(bytes);
          return;
        }
      }
      return send(response, 404, { errors: 'Not Found' });
    }
    if (host === 'storage.googleapis.com') {
      for (const shop of this.shops.values()) {
        const lines = shop.bulkFile(path);
        if (lines) return streamLines(response, lines, String(request.headers.range ?? ''));
      }
      return send(response, 404, { errors: 'Not Found' });
    }
    const shop = this.shops.get(host);
    if (!shop) return send(response, 404, { errors: 'Not Found' });
    shop.handle(request, body, response);
  }
}

/**
 * Serves a JSONL file as Google Cloud Storage does: whole, or a byte range for `Range: bytes=N-M` or `N-` (206),
 * in chunks that honour back-pressure, so a reader that stops early never makes the server build the rest.
 */
function streamLines(response: ServerResponse, lines: string[], range: string): void {
  const file = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  const from = /^bytes=(\d+)-(\d*)$/.exec(range);
  const start = from ? Number(from[1]) : 0;
  const end = from?.[2] ? Math.min(file.length, Number(from[2]) + 1) : file.length;
  if (from && (start >= file.length || end <= start)) {
    response.writeHead(416, { 'Content-Range': `bytes */${file.length}` });
    response.end();
    return;
  }
  response.writeHead(from ? 206 : 200, {
    'Content-Type': 'application/jsonl',
    'Content-Length': end - start,
    ...(from && { 'Content-Range': `bytes ${start}-${end - 1}/${file.length}` }),
  });
  let index = start;
  const pump = (): void => {
    while (index < end) {
      const chunk = file.subarray(index, Math.min(end, index + 16_384));
      index += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.on('close', () => (index = end));
  pump();
}

/** Shopify's webhook headers, signed like Shopify signs them (base64 HMAC-SHA256 of the raw body). */
export function webhookHeaders(
  shop: string,
  topic: string,
  body: string,
  eventId: string,
  secret = API_SECRET,
): Record<string, string> {
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
  for (const key of Object.keys(query).sort((a, b) => a.localeCompare(b))) params.append(key, query[key]);
  const hmac = createHmac('sha256', secret).update(params.toString()).digest('hex');
  params.append('hmac', hmac);
  return params.toString();
}
