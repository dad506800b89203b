import { GraphqlQueryError, type Shopify, type Session } from '@shopify/shopify-api';
import { HubError } from '../../common/errors';
import { isThrottled, throttleDelayMs } from './graphql-throttle';

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

const PRODUCT_FIELDS = `
  id
  title
  vendor
  productType
  tags
  media(first: 50) {
    nodes {
      id
      mediaContentType
      status
      ... on MediaImage { alt image { url } }
    }
  }`;

const PRODUCT_QUERY = `query TagPhotoProduct($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
const PRODUCTS_QUERY = `query TagPhotoProducts($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    nodes { ${PRODUCT_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
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

interface RawMedia { id: string; mediaContentType: string; status: string; alt?: string | null; image?: { url: string } | null }
interface RawProduct { id: string; title: string; vendor?: string | null; productType?: string | null; tags: string[]; media: { nodes: RawMedia[] } }
interface UserErrors { userErrors: Array<{ field?: string[] | null; message: string }> }

const toProduct = (raw: RawProduct): ShopifyProduct => ({
  id: raw.id,
  title: raw.title,
  // Shopify answers "" for a product without vendor or type.
  vendor: raw.vendor || null,
  productType: raw.productType || null,
  tags: raw.tags,
  media: raw.media.nodes
    .filter((media) => media.mediaContentType === 'IMAGE' && media.status === 'READY' && media.image?.url)
    .map((media) => ({ id: media.id, alt: media.alt ?? null, url: media.image!.url })),
});

/**
 * The Admin GraphQL calls the connector makes for one shop. A THROTTLED answer is waited out using the cost
 * report Shopify sends with it (`extensions.cost.throttleStatus`), then the same query is sent again.
 */
export class ShopifyAdmin {
  constructor(
    private readonly library: Shopify,
    private readonly session: Session,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly maxThrottleWaits = 10,
  ) {}

  async product(id: string): Promise<ShopifyProduct | undefined> {
    const data = await this.request<{ product: RawProduct | null }>(PRODUCT_QUERY, { id });
    return data.product ? toProduct(data.product) : undefined;
  }

  async productPage(after: string | null, first = 50): Promise<ProductPage> {
    const data = await this.request<{ products: { nodes: RawProduct[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
      PRODUCTS_QUERY,
      { first, after },
    );
    return { products: data.products.nodes.map(toProduct), endCursor: data.products.pageInfo.endCursor, hasNextPage: data.products.pageInfo.hasNextPage };
  }

  async productCount(): Promise<number | null> {
    const data = await this.request<{ productsCount: { count: number } | null }>(PRODUCTS_COUNT_QUERY, {});
    return data.productsCount?.count ?? null;
  }

  async shopTags(): Promise<string[]> {
    return (await this.request<{ productTags: { nodes: string[] } }>(PRODUCT_TAGS_QUERY, {})).productTags.nodes;
  }

  async setAltText(mediaId: string, alt: string): Promise<void> {
    const data = await this.request<{ fileUpdate: UserErrors }>(FILE_UPDATE, { files: [{ id: mediaId, alt }] });
    assertNoUserErrors('fileUpdate', data.fileUpdate);
  }

  async addTags(productId: string, tags: string[]): Promise<void> {
    const data = await this.request<{ tagsAdd: UserErrors }>(TAGS_ADD, { id: productId, tags });
    assertNoUserErrors('tagsAdd', data.tagsAdd);
  }

  async setSuggestions(productId: string, suggestions: { title: string; description: string }): Promise<void> {
    const data = await this.request<{ metafieldsSet: UserErrors }>(METAFIELDS_SET, {
      metafields: [{ ownerId: productId, namespace: 'tagphoto', key: 'suggestions', type: 'json', value: JSON.stringify(suggestions) }],
    });
    assertNoUserErrors('metafieldsSet', data.metafieldsSet);
  }

  private async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const client = new this.library.clients.Graphql({ session: this.session });
    for (let waits = 0; ; waits++) {
      try {
        const response = await client.request<T>(query, { variables });
        return response.data as T;
      } catch (error) {
        if (!(error instanceof GraphqlQueryError) || !isThrottled(error.body) || waits >= this.maxThrottleWaits) throw error;
        await this.sleep(throttleDelayMs(error.body));
      }
    }
  }
}

function assertNoUserErrors(mutation: string, payload: UserErrors): void {
  if (payload.userErrors.length > 0) {
    throw new ShopifyAdminError(`${mutation} refused: ${payload.userErrors.map((error) => error.message).join('; ')}`);
  }
}
