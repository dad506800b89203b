// The fake shop's fetch reroute first: the hub's modules below load @shopify/shopify-api, which captures fetch.
import { API_KEY, API_SECRET, type Call, FakeShop, webhookHeaders } from './fake-shop';
import request from 'supertest';
import { newAccount, type TestHub } from '../support/hub';
import { until } from '../support/until';

// The library's own test helpers (required: a type import would compile the package's shipped .ts sources).
export const helpers = require('@shopify/shopify-api/test-helpers') as {
  getJwt(
    store: string,
    apiKey: string,
    apiSecretKey: string,
    overrides?: Record<string, unknown>,
  ): Promise<{ token: string }>;
};

export type Account = Awaited<ReturnType<typeof newAccount>>;

/** A session token App Bridge would hand the embedded page of this shop. */
export async function sessionToken(shop: FakeShop): Promise<string> {
  return (await helpers.getJwt(shop.name, API_KEY, API_SECRET)).token;
}

export { until };

/** Every media alt text the hub wrote to the shop (fileUpdate), in order. */
export const altWrites = (shop: FakeShop): Array<{ id: string; alt: string }> =>
  shop.callsOf('TagPhotoAltText').flatMap((call: Call) => call.variables.files as Array<{ id: string; alt: string }>);

/**
 * Installs the app for the shop by token exchange (an expiring offline token), as the embedded page does; returns the
 * connection id.
 */
export async function installByTokenExchange(hub: TestHub, shop: FakeShop, account: Account): Promise<string> {
  const token = await sessionToken(shop);
  await shop.serve();
  const grants = shop.tokenGrants.length;
  const response = await request(hub.http)
    .post('/shopify/api/install')
    .set('Authorization', `Bearer ${token}`)
    .send({ apiKey: account.apiKey })
    .expect(201);
  expect(shop.tokenGrants.slice(grants)).toEqual(['token_exchange:id_token']);
  expect(response.body).toMatchObject({ connected: true, shop: shop.domain });
  return response.body.connectionId as string;
}

/** Changes the shop's settings from the embedded page: `change` gets the current ones and returns what to save. */
export async function updateShopSettings(
  hub: TestHub,
  shop: FakeShop,
  change: (settings: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const token = await sessionToken(shop);
  const status = await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${token}`).expect(200);
  await request(hub.http)
    .put('/shopify/api/settings')
    .set('Authorization', `Bearer ${token}`)
    .send(change(status.body.settings))
    .expect(200);
}

/** Delivers a webhook signed as Shopify signs it (with `secret`, the app's by default). */
export function sendWebhook(
  hub: TestHub,
  shop: FakeShop,
  topic: string,
  payload: object,
  eventId: string,
  secret = API_SECRET,
): request.Test {
  const body = JSON.stringify(payload);
  let call = request(hub.http).post('/webhooks/shopify');
  for (const [name, value] of Object.entries(webhookHeaders(shop.domain, topic, body, eventId, secret)))
    call = call.set(name, value);
  return call.send(body);
}

/**
 * A shop with one product, installed for a new account, whose image the hub tagged and wrote the alt text of
 * (`event` keeps the products/create webhook's id apart from other tests').
 */
export async function productWithHubAltText(hub: TestHub, event: string) {
  const account = await newAccount(hub);
  const shop = new FakeShop();
  shop.addProducts(1, 1);
  await shop.serve();
  await installByTokenExchange(hub, shop, account);
  const [product] = shop.products;
  await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(product), `evt-${event}-${shop.name}`).expect(
    200,
  );
  const written = await until("the hub's alt text", () => altWrites(shop)[0]);
  return { account, shop, product, written };
}

/** The hub's image made from the product's first media (the file name is the media's). */
export async function imageOfMedia(
  hub: TestHub,
  account: Account,
  media: { url: string },
): Promise<{ id: string; fileName: string }> {
  const images = await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`).expect(200);
  return (images.body.items as Array<{ id: string; fileName: string }>).find(
    (item) => item.fileName === new URL(media.url).pathname.split('/').pop(),
  )!;
}
