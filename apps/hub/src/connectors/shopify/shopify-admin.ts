import { GraphqlQueryError, HttpResponseError, type Session, type Shopify } from '@shopify/shopify-api';
import { HubError } from '../../common/errors';
import { CostGate, costGateOf, costOf, isThrottled, throttleDelayMs, type QueryCost } from './graphql-throttle';

export class ShopifyAdminError extends HubError {
  constructor(message: string) {
    super(502, 'shopify_admin_error', message);
  }
}

export interface ShopifyMedia {
  id: string;
  alt: string | null;
  url: string;
}

export interface ShopifyProduct {
  id: string;
  title: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  media: ShopifyMedia[];
}

export interface ProductPage {
  products: ShopifyProduct[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export type BulkStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'CANCELING' | 'CANCELED' | 'FAILED' | 'EXPIRED';

export interface BulkOperationView {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  rootObjectCount: string;
  /** Bytes in the result file (an UnsignedInt64, sent as a string). */
  fileSize: string | null;
  url: string | null;
}

/** Where an access token comes from: the current one, and a fresh one after Shopify refused `rejected` with 401. */
export interface AccessTokens {
  current(): Promise<string>;
  afterUnauthorized(rejected: string): Promise<string>;
}

/**
 * The most alt texts one fileUpdate call carries: Shopify refuses input arrays of more than 250 items.
 */
export const FILE_UPDATE_BATCH = 250;

const MEDIA_FIELDS = `
      id
      mediaContentType
      status
      ... on MediaImage { alt image { url } }`;

/**
 * Requested costs, by Shopify's rules (object 1, connection 2 + first × node): a single product with up to 250
 * media costs 1 + 2 + 250 × 2 = 503; a page of 10 products with up to 40 media each 2 + 10 × (1 + 2 + 40 × 2)
 * = 832; both under the 1,000-point cap. A product with more media than the page holds is read on its own.
 */
const PRODUCT_MEDIA_LIMIT = 250;
export const PAGE_PRODUCTS = 10;
const PAGE_MEDIA = 40;

const PRODUCT_QUERY = `query TagPhotoProduct($id: ID!) {
  product(id: $id) { id title vendor productType tags media(first: ${PRODUCT_MEDIA_LIMIT}) { nodes { ${MEDIA_FIELDS} } } }
}`;
const PRODUCTS_QUERY = `query TagPhotoProducts($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    nodes { id title vendor productType tags media(first: ${PAGE_MEDIA}) { nodes { ${MEDIA_FIELDS} } pageInfo { hasNextPage } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
/** The whole catalog as one bulk export: media lines follow their product with `__parentId`. */
export const CATALOG_BULK_QUERY = `{
  products {
    edges { node { id title vendor productType tags media { edges { node { ${MEDIA_FIELDS} } } } } }
  }
}`;
const BULK_RUN = `mutation TagPhotoBulkCatalog($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } }
}`;
const BULK_STATUS = `query TagPhotoBulkStatus($id: ID!) {
  bulkOperation(id: $id) { id status errorCode rootObjectCount fileSize url }
}`;
const NODES_STATE = `query TagPhotoWriteState($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Product { tags } ... on MediaImage { alt } }
}`;
const PRODUCTS_COUNT_QUERY = `query TagPhotoProductsCount { productsCount(limit: null) { count } }`;
const PRODUCT_TAGS_QUERY = `query TagPhotoShopTags { productTags(first: 250) { nodes } }`;
const FILE_UPDATE = `mutation TagPhotoAltText($files: [FileUpdateInput!]!) {
  fileUpdate(files: $files) { files { id alt } userErrors { field message code } }
}`;
const TAGS_ADD = `mutation TagPhotoTags($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;
const METAFIELDS_SET = `mutation TagPhotoSuggestions($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;

export interface RawMedia {
  id: string;
  mediaContentType: string;
  status: string;
  alt?: string | null;
  image?: { url: string } | null;
}
interface RawProduct {
  id: string;
  title: string;
  vendor?: string | null;
  productType?: string | null;
  tags: string[];
  media: { nodes: RawMedia[]; pageInfo?: { hasNextPage: boolean } };
}
interface UserErrors {
  userErrors: Array<{ field?: string[] | null; message: string }>;
}

/** Only ready images are tagged: videos, 3D models and media still processing are left alone. */
export function imageMedia(media: RawMedia): ShopifyMedia | undefined {
  if (media.mediaContentType !== 'IMAGE' || media.status !== 'READY' || !media.image?.url) return undefined;
  return { id: media.id, alt: media.alt ?? null, url: media.image.url };
}

const toProduct = (raw: RawProduct): ShopifyProduct => ({
  id: raw.id,
  title: raw.title,
  // Shopify answers "" for a product without vendor or type.
  vendor: raw.vendor || null,
  productType: raw.productType || null,
  tags: raw.tags,
  media: raw.media.nodes.map(imageMedia).filter((media): media is ShopifyMedia => media !== undefined),
});

const operationName = (query: string): string => /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';

/**
 * The Admin GraphQL calls the connector makes for one shop. Calls are paced by the shop's cost gate so they stay
 * within the bucket; a THROTTLED answer is still waited out (its `extensions.cost` says how long) and the same
 * query sent again. A 401 gets one fresh token (refresh) and one retry.
 */
export class ShopifyAdmin {
  readonly gate: CostGate;

  constructor(
    private readonly library: Shopify,
    shop: string,
    private readonly tokens: AccessTokens,
    private readonly sessionFor: (accessToken: string) => Session,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly maxThrottleWaits = 10,
  ) {
    this.gate = costGateOf(shop);
  }

  async product(id: string): Promise<ShopifyProduct | undefined> {
    const data = await this.request<{ product: RawProduct | null }>(PRODUCT_QUERY, { id });
    return data.product ? toProduct(data.product) : undefined;
  }

  /** A page of products within the cost cap; products with more media than a page holds are read whole. */
  async productPage(after: string | null, first = PAGE_PRODUCTS): Promise<ProductPage> {
    const data = await this.request<{
      products: { nodes: RawProduct[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    }>(PRODUCTS_QUERY, { first, after });
    const products: ShopifyProduct[] = [];
    for (const raw of data.products.nodes) {
      const whole = raw.media.pageInfo?.hasNextPage ? await this.product(raw.id) : toProduct(raw);
      if (whole) products.push(whole);
    }
    return { products, endCursor: data.products.pageInfo.endCursor, hasNextPage: data.products.pageInfo.hasNextPage };
  }

  async productCount(): Promise<number | null> {
    const data = await this.request<{ productsCount: { count: number } | null }>(PRODUCTS_COUNT_QUERY, {});
    return data.productsCount?.count ?? null;
  }

  async shopTags(): Promise<string[]> {
    return (await this.request<{ productTags: { nodes: string[] } }>(PRODUCT_TAGS_QUERY, {})).productTags.nodes;
  }

  /** Starts the catalog export; returns the operation's id. */
  async startCatalogExport(): Promise<string> {
    const data = await this.request<{ bulkOperationRunQuery: UserErrors & { bulkOperation: { id: string } | null } }>(
      BULK_RUN,
      { query: CATALOG_BULK_QUERY },
    );
    assertNoUserErrors('bulkOperationRunQuery', data.bulkOperationRunQuery);
    if (!data.bulkOperationRunQuery.bulkOperation)
      throw new ShopifyAdminError('bulkOperationRunQuery returned no operation.');
    return data.bulkOperationRunQuery.bulkOperation.id;
  }

  async bulkOperation(id: string): Promise<BulkOperationView | undefined> {
    const data = await this.request<{ bulkOperation: BulkOperationView | null }>(BULK_STATUS, { id });
    return data.bulkOperation ?? undefined;
  }

  /** Current alt text of media and tags of products, to see which writes a crash left done. */
  async writeState(ids: string[]): Promise<Map<string, { alt?: string | null; tags?: string[] }>> {
    const state = new Map<string, { alt?: string | null; tags?: string[] }>();
    for (let start = 0; start < ids.length; start += 100) {
      const data = await this.request<{ nodes: Array<{ id: string; alt?: string | null; tags?: string[] } | null> }>(
        NODES_STATE,
        { ids: ids.slice(start, start + 100) },
      );
      for (const node of data.nodes) if (node) state.set(node.id, node);
    }
    return state;
  }

  async setAltText(mediaId: string, alt: string): Promise<void> {
    await this.setAltTexts([{ id: mediaId, alt }]);
  }

  /** Writes alt texts in as few calls as Shopify allows (250 files each). */
  async setAltTexts(files: Array<{ id: string; alt: string }>): Promise<void> {
    for (let start = 0; start < files.length; start += FILE_UPDATE_BATCH) {
      const data = await this.request<{ fileUpdate: UserErrors }>(FILE_UPDATE, {
        files: files.slice(start, start + FILE_UPDATE_BATCH),
      });
      assertNoUserErrors('fileUpdate', data.fileUpdate);
    }
  }

  async addTags(productId: string, tags: string[]): Promise<void> {
    const data = await this.request<{ tagsAdd: UserErrors }>(TAGS_ADD, { id: productId, tags });
    assertNoUserErrors('tagsAdd', data.tagsAdd);
  }

  async setSuggestions(productId: string, suggestions: { title: string; description: string }): Promise<void> {
    const data = await this.request<{ metafieldsSet: UserErrors }>(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: productId,
          namespace: 'tagphoto',
          key: 'suggestions',
          type: 'json',
          value: JSON.stringify(suggestions),
        },
      ],
    });
    assertNoUserErrors('metafieldsSet', data.metafieldsSet);
  }

  private async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const operation = operationName(query);
    let refreshed = false;
    for (let waits = 0; ;) {
      await this.gate.admit(operation, this.sleep);
      const token = await this.tokens.current();
      const client = new this.library.clients.Graphql({ session: this.sessionFor(token) });
      try {
        const response = await client.request<T>(query, { variables });
        this.gate.record(operation, (response.extensions as { cost?: QueryCost } | undefined)?.cost);
        return response.data as T;
      } catch (error) {
        if (error instanceof HttpResponseError && (error.response as { code?: number }).code === 401 && !refreshed) {
          refreshed = true;
          await this.tokens.afterUnauthorized(token);
          continue;
        }
        if (!(error instanceof GraphqlQueryError) || !isThrottled(error.body) || waits >= this.maxThrottleWaits)
          throw error;
        waits += 1;
        this.gate.record(operation, costOf(error.body));
        const ms = throttleDelayMs(error.body);
        this.gate.noteWait(ms);
        await this.sleep(ms);
      }
    }
  }
}

function assertNoUserErrors(mutation: string, payload: UserErrors): void {
  if (payload.userErrors.length > 0) {
    throw new ShopifyAdminError(`${mutation} refused: ${payload.userErrors.map((error) => error.message).join('; ')}`);
  }
}
