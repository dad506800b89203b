import type { HubConfig } from '../../config/config.schema';
import { FetchError } from '../../common/outbound/fetch-bytes';

/** Product images are read only from Shopify's CDN: the URL comes from the Admin API, never from a request. */
const SHOPIFY_CDN_HOSTS = new Set(['cdn.shopify.com']);

export function assertShopifyCdn(url: URL): void {
  if (url.protocol !== 'https:' || !SHOPIFY_CDN_HOSTS.has(url.hostname)) {
    throw new FetchError(
      `Product images are fetched from https://cdn.shopify.com only (got ${url.origin}).`,
      'url_not_allowed',
      400,
    );
  }
}

/** Downloads a product image's bytes from Shopify's CDN, within the hub's size and time limits. */
export async function fetchProductImage(
  source: string,
  config: Pick<HubConfig, 'TAGPHOTO_MAX_UPLOAD_BYTES' | 'TAGPHOTO_FETCH_TIMEOUT_MS'>,
): Promise<Buffer> {
  const url = new URL(source);
  assertShopifyCdn(url);
  const response = await fetch(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(config.TAGPHOTO_FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new FetchError(`Shopify's CDN answered ${response.status} for a product image.`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > config.TAGPHOTO_MAX_UPLOAD_BYTES)
    throw new FetchError('The product image is larger than the upload limit.', 'too_large', 413);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > config.TAGPHOTO_MAX_UPLOAD_BYTES)
    throw new FetchError('The product image is larger than the upload limit.', 'too_large', 413);
  return bytes;
}
