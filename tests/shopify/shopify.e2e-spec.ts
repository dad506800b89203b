// nock first, then the fake Shopify's fetch reroute: both must patch fetch before @shopify/shopify-api captures it.
import nock from 'nock';
import { API_KEY, API_SECRET, BROWSER, FakeShop, FakeShopify, SHOPIFY_ENV, signCallbackQuery } from './fake-shop';
import { GraphqlQueryError, shopifyApi, Session } from '@shopify/shopify-api';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { ShopifyShopService } from '../../apps/hub/src/connectors/shopify/shopify-shop.service';
import { SHOPIFY_API_VERSION } from '../../apps/hub/src/connectors/shopify/shopify-api.provider';
import { newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';
import {
  helpers,
  installByTokenExchange,
  sendWebhook,
  until,
  updateShopSettings,
  type Account,
} from './embedded-support';
import { OLD_PRODUCTS_QUERY } from './old-queries';

/** Starts the connection's catalog backfill as the dashboard does; its answer is the first progress. */
async function startBackfill(hub: TestHub, account: Account, connectionId: string): Promise<Record<string, unknown>> {
  const started = await request(hub.http)
    .post(`/v1/connections/${connectionId}/shopify/backfill`)
    .set('Cookie', account.cookie)
    .expect(202);
  return started.body;
}

/** Reads the backfill's progress until `reached` (by default: it is done) holds for it, and returns that progress. */
function untilBackfill(
  hub: TestHub,
  account: Account,
  connectionId: string,
  what = 'the backfill to finish',
  reached: (progress: Record<string, unknown>) => unknown = (progress) => progress.status === 'done',
): Promise<Record<string, unknown>> {
  return until(what, async () => {
    const progress = await request(hub.http)
      .get(`/v1/connections/${connectionId}/shopify/backfill`)
      .set('Cookie', account.cookie)
      .expect(200);
    return reached(progress.body) ? progress.body : undefined;
  });
}

/** The fixture photos as 128 px thumbnails: catalog tests tag many images, and small ones keep them quick. */
async function smallPhotos(): Promise<Buffer[]> {
  return Promise.all(
    ['coffee.jpg', 'chelsea.jpg', 'fruits.jpg', 'astronaut.jpg'].map(async (name) =>
      sharp(await readFile(join(PHOTOS, name)))
        .resize(128)
        .jpeg()
        .toBuffer(),
    ),
  );
}

async function ownerIdOf(hub: TestHub, account: Account): Promise<string> {
  const me = await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200);
  return me.body.id as string;
}

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

describe('Shopify connector', () => {
  let hub: TestHub;
  let account: Account;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    // Bulk exports are polled only hourly here: the bulk test can finish only through the bulk_operations/finish webhook.
    hub = await startTestHub({ mode: 'server', env: { ...SHOPIFY_ENV, SHOPIFY_BULK_POLL_MS: '3600000' } });
    account = await newAccount(hub);
  });
  afterAll(async () => {
    await hub.close();
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe('install', () => {
    async function beginInstall(shop: FakeShop): Promise<{ state: string; cookies: string }> {
      const begin = await request(hub.http)
        .get(`/connect/shopify?shop=${shop.domain}`)
        .set('Cookie', account.cookie)
        .set('User-Agent', BROWSER)
        .expect(302);
      const location = new URL(begin.headers.location);
      expect(location.origin).toBe(`https://${shop.domain}`);
      expect(location.pathname).toBe('/admin/oauth/authorize');
      expect(location.searchParams.get('client_id')).toBe(API_KEY);
      expect(location.searchParams.get('scope')).toBe('write_products,write_files');
      expect(location.searchParams.get('redirect_uri')).toBe('https://tagphoto.example.com/connect/shopify/callback');
      const stateCookies = (begin.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]);
      return { state: location.searchParams.get('state')!, cookies: [account.cookie, ...stateCookies].join('; ') };
    }

    function callbackQuery(shop: FakeShop, state: string): Record<string, string> {
      return {
        code: 'authorization-code-from-shopify',
        host: Buffer.from(`admin.shopify.com/store/${shop.name}`).toString('base64'),
        shop: shop.domain,
        state,
        timestamp: String(Math.floor(Date.now() / 1000)),
      };
    }

    it('installs by the OAuth code flow from a signed-in session and keeps the token sealed', async () => {
      const shop = new FakeShop();
      const { state, cookies } = await beginInstall(shop);
      const tokenRequest = nock(`https://${shop.domain}`)
        .post('/admin/oauth/access_token', {
          client_id: API_KEY,
          client_secret: API_SECRET,
          code: 'authorization-code-from-shopify',
          expiring: '1',
        })
        .reply(200, {
          access_token: 'shpat_code_flow_secret_token',
          expires_in: 3600,
          refresh_token: 'shprt_code_flow_refresh',
          refresh_token_expires_in: 7776000,
          scope: 'write_products,write_files',
        });

      const callback = await request(hub.http)
        .get(`/connect/shopify/callback?${signCallbackQuery(callbackQuery(shop, state))}`)
        .set('Cookie', cookies)
        .set('User-Agent', BROWSER)
        .expect(302);
      expect(callback.headers.location).toBe(`https://${shop.domain}/admin/apps/${API_KEY}`);
      expect(tokenRequest.isDone()).toBe(true);

      const connections = await request(hub.http).get('/v1/connections').set('Cookie', account.cookie).expect(200);
      const connection = (connections.body as Array<{ id: string; provider: string; externalAccount: string }>).find(
        (c) => c.externalAccount === shop.domain,
      );
      expect(connection).toMatchObject({ provider: 'shopify', status: 'active' });
      expect(JSON.stringify(connections.body)).not.toContain('shpat_');
      const row = await hub.app.get<Database>(DATABASE).prisma.connection.findFirst({ where: { id: connection!.id } });
      expect(Buffer.from(row!.secrets!).toString('latin1')).not.toContain('shpat_code_flow_secret_token');
      expect(Buffer.from(row!.secrets!).toString('latin1')).not.toContain('shprt_code_flow_refresh');
      const secrets = await hub.app.get(ConnectionRepository).secrets(await ownerIdOf(hub, account), connection!.id);
      expect(secrets).toMatchObject({
        accessToken: 'shpat_code_flow_secret_token',
        refreshToken: 'shprt_code_flow_refresh',
        expiresAt: expect.any(String),
        refreshTokenExpiresAt: expect.any(String),
      });
      const expiresIn = Date.parse((secrets as { expiresAt: string }).expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(3500_000);
      expect(expiresIn).toBeLessThanOrEqual(3600_000);
    });

    it('refuses a callback whose HMAC or state was tampered with', async () => {
      const shop = new FakeShop();
      const tokenRequest = nock(`https://${shop.domain}`)
        .post('/admin/oauth/access_token')
        .reply(200, { access_token: 'shpat_never', scope: '' });

      const { state, cookies } = await beginInstall(shop);
      const signed = new URLSearchParams(signCallbackQuery(callbackQuery(shop, state)));
      signed.set('hmac', createHmac('sha256', 'not-the-app-secret').update('x').digest('hex'));
      const badHmac = await request(hub.http)
        .get(`/connect/shopify/callback?${signed.toString()}`)
        .set('Cookie', cookies)
        .set('User-Agent', BROWSER)
        .expect(401);
      expect(badHmac.body.error.code).toBe('shopify_oauth_invalid');

      const second = await beginInstall(shop);
      const otherState = signCallbackQuery(callbackQuery(shop, 'a-state-this-browser-never-got'));
      await request(hub.http)
        .get(`/connect/shopify/callback?${otherState}`)
        .set('Cookie', second.cookies)
        .set('User-Agent', BROWSER)
        .expect(401);

      expect(tokenRequest.isDone()).toBe(false);
      nock.removeInterceptor({
        hostname: shop.domain,
        path: '/admin/oauth/access_token',
        method: 'POST',
        proto: 'https',
      });
      const connections = await request(hub.http).get('/v1/connections').set('Cookie', account.cookie).expect(200);
      expect(JSON.stringify(connections.body)).not.toContain(shop.domain);
    });

    it('installs from the embedded admin by exchanging an App Bridge session token, and refuses forged tokens', async () => {
      const shop = new FakeShop();
      const connectionId = await installByTokenExchange(hub, shop, account);
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http)
        .get('/shopify/api/status')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(status.body).toMatchObject({
        connected: true,
        connectionId,
        settings: { overwrite: 'keep_person', language: 'en' },
        backfill: { status: 'idle' },
      });

      const forged = await helpers.getJwt(shop.name, API_KEY, 'someone-elses-secret');
      await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${forged.token}`).expect(401);
      const otherApp = await helpers.getJwt(shop.name, 'another-app', API_SECRET);
      await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${otherApp.token}`).expect(401);
      await request(hub.http)
        .post('/shopify/api/install')
        .set('Authorization', `Bearer ${token}`)
        .send({ apiKey: 'tpk_not_a_real_key' })
        .expect(401);

      // Another TagPhoto account cannot take over a shop that is connected to this one.
      const other = await newAccount(hub);
      const takeover = await request(hub.http)
        .post('/shopify/api/install')
        .set('Authorization', `Bearer ${token}`)
        .send({ apiKey: other.apiKey })
        .expect(409);
      expect(takeover.body.error.code).toBe('shop_connected_elsewhere');
    });

    it("revokes the app's access at Shopify when the owner disconnects the shop in the hub", async () => {
      const shop = new FakeShop();
      const connectionId = await installByTokenExchange(hub, shop, account);
      const { accessToken } = (await hub.app
        .get(ConnectionRepository)
        .secrets<{ accessToken: string }>(await ownerIdOf(hub, account), connectionId))!;
      await request(hub.http).delete(`/v1/connections/${connectionId}`).set('Cookie', account.cookie).expect(204);
      expect(shop.revoked).toEqual([accessToken]);
    });

    it("serves the embedded page framed only by the shop admin, with App Bridge from Shopify's CDN", async () => {
      const shop = new FakeShop();
      const page = await request(hub.http).get(`/shopify/app?shop=${shop.domain}&host=x&embedded=1`).expect(200);
      expect(page.text).toContain(`<meta name="shopify-api-key" content="${API_KEY}" />`);
      expect(page.text).toContain('https://cdn.shopify.com/shopifycloud/app-bridge.js');
      expect(page.headers['content-security-policy']).toContain(
        `frame-ancestors https://${shop.domain} https://admin.shopify.com`,
      );
      await request(hub.http)
        .get('/shopify/app/app.js')
        .expect(200)
        .expect('Content-Type', /javascript/);
    });
  });

  describe('webhooks', () => {
    it('answers 401 to every topic, compliance topics included, when the HMAC does not match', async () => {
      const shop = new FakeShop();
      for (const topic of [
        'products/create',
        'customers/data_request',
        'customers/redact',
        'shop/redact',
        'app/uninstalled',
      ]) {
        const response = await sendWebhook(
          hub,
          shop,
          topic,
          { shop_domain: shop.domain },
          `evt-bad-${topic}`,
          'a-wrong-secret',
        );
        expect(response.status).toBe(401);
      }
    });

    it("tags a new product's images, writes alt text and product tags, and acts on each event once", async () => {
      const shop = new FakeShop();
      shop.addProducts(3, 1);
      await installByTokenExchange(hub, shop, account);
      const [first, , third] = shop.products;

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(first), 'evt-create-1').expect(200);
      const altWrite = await until('fileUpdate', () => shop.callsOf('TagPhotoAltText')[0]);
      const tagsWrite = await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);

      const files = altWrite.variables.files as Array<{ id: string; alt: string }>;
      expect(files).toEqual([{ id: first.media[0].id, alt: expect.any(String) }]);
      expect(files[0].alt.length).toBeGreaterThan(0);
      expect(files[0].alt.length).toBeLessThanOrEqual(512);
      expect(tagsWrite.variables.id).toBe(first.id);
      const tags = tagsWrite.variables.tags as string[];
      expect(tags.length).toBeGreaterThan(0);
      expect(tags).not.toContain('handmade');

      // The alt text and tags are the engine's result for that image, recorded as one of the owner's images.
      const item = await hub.app
        .get<Database>(DATABASE)
        .prisma.connectorItem.findFirst({ where: { externalId: first.media[0].id } });
      const image = await request(hub.http)
        .get(`/v1/images/${item!.imageId}`)
        .set('Authorization', `Bearer ${account.apiKey}`)
        .expect(200);
      expect(image.body).toMatchObject({
        status: 'done',
        stored: false,
        fileName: `${shop.name}-${first.media[0].id.split('/').pop()}.jpg`,
      });
      expect(files[0].alt).toBe(image.body.result.altText);
      expect(tags).toEqual(expect.arrayContaining([image.body.result.tags[0].label]));

      // A replay of the same event, and the products/update the hub's own writes cause, change nothing; the
      // queue runs in order, so once the third product is written the first's extra jobs would have run.
      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(first), 'evt-create-1').expect(200);
      await sendWebhook(hub, shop, 'products/update', shop.webhookProduct(first), 'evt-update-after-own-write').expect(
        200,
      );
      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(third), 'evt-create-3').expect(200);
      await until('the third product written', () =>
        shop
          .callsOf('TagPhotoAltText')
          .find((call) => (call.variables.files as Array<{ id: string }>)[0].id === third.media[0].id),
      );
      await until('the third product tagged', () =>
        shop.callsOf('TagPhotoTags').find((call) => call.variables.id === third.id),
      );

      const productReads = shop.callsOf('TagPhotoProduct').filter((call) => call.variables.id === first.id);
      expect(productReads).toHaveLength(2);
      expect(
        shop
          .callsOf('TagPhotoAltText')
          .filter((call) => (call.variables.files as Array<{ id: string }>)[0].id === first.media[0].id),
      ).toHaveLength(1);
      expect(shop.callsOf('TagPhotoTags').filter((call) => call.variables.id === first.id)).toHaveLength(1);
    });

    it("keeps alt text a person wrote by default, maps tags onto the shop's vocabulary and stores suggestions", async () => {
      const shop = new FakeShop();
      // Four products, the fourth with a photo of a cup of coffee (the fake CDN serves coffee.jpg for it).
      shop.addProducts(4, 4, () => 'Hand-thrown stoneware mug in a speckled glaze');
      await installByTokenExchange(hub, shop, account);
      const product = shop.products[3];
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const imported = await request(hub.http)
        .post('/shopify/api/vocabulary/import')
        .set('Authorization', `Bearer ${token}`)
        .expect(201);
      expect(imported.body.settings.vocabulary).toEqual(['mug', 'cup', 'handmade']);
      const settings = {
        ...imported.body.settings,
        tagPrefix: 'tp:',
        fields: { altText: true, productTags: true, suggestions: true },
      };
      await request(hub.http)
        .put('/shopify/api/settings')
        .set('Authorization', `Bearer ${token}`)
        .send(settings)
        .expect(200);
      await request(hub.http)
        .put('/shopify/api/settings')
        .set('Authorization', `Bearer ${token}`)
        .send({ ...settings, overwrite: 'sometimes' })
        .expect(400);

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(product), 'evt-person-alt').expect(200);
      const suggestion = await until('metafieldsSet', () => shop.callsOf('TagPhotoSuggestions')[0]);
      expect(suggestion.variables.metafields).toEqual([
        {
          ownerId: product.id,
          namespace: 'tagphoto',
          key: 'suggestions',
          type: 'json',
          value: expect.stringMatching(/^\{"title":".+","description":".+"\}$/),
        },
      ]);
      expect(shop.callsOf('TagPhotoAltText')).toEqual([]);
      expect(product.media[0].alt).toBe('Hand-thrown stoneware mug in a speckled glaze');
      const tagCalls = shop.callsOf('TagPhotoTags');
      expect(tagCalls).toHaveLength(1);
      expect((tagCalls[0].variables.tags as string[]).length).toBeGreaterThan(0);
      for (const tag of tagCalls[0].variables.tags as string[])
        expect(['tp:mug', 'tp:cup', 'tp:handmade']).toContain(tag);
    });

    it('answers the customer compliance topics and deletes everything of a shop on shop/redact', async () => {
      const shop = new FakeShop();
      shop.addProducts(2, 1);
      const connectionId = await installByTokenExchange(hub, shop, account);
      await sendWebhook(
        hub,
        shop,
        'products/create',
        shop.webhookProduct(shop.products[0]),
        'evt-redact-create',
      ).expect(200);
      await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);
      const db = hub.app.get<Database>(DATABASE).prisma;
      const items = await db.connectorItem.findMany({ where: { connectionId } });
      expect(items).toHaveLength(1);
      const imageId = items[0].imageId!;
      await request(hub.http).get(`/v1/images/${imageId}`).set('Authorization', `Bearer ${account.apiKey}`).expect(200);

      const customer = { id: 191167, email: 'john@example.com', phone: '555-625-1199' };
      await sendWebhook(
        hub,
        shop,
        'customers/data_request',
        {
          shop_id: 954889,
          shop_domain: shop.domain,
          orders_requested: [299938, 280263],
          customer,
          data_request: { id: 9999 },
        },
        'evt-data-request',
      ).expect(200);
      await sendWebhook(
        hub,
        shop,
        'customers/redact',
        { shop_id: 954889, shop_domain: shop.domain, customer, orders_to_redact: [299938] },
        'evt-customer-redact',
      ).expect(200);
      expect(await db.connection.count({ where: { id: connectionId } })).toBe(1);

      await sendWebhook(
        hub,
        shop,
        'shop/redact',
        { shop_id: 954889, shop_domain: shop.domain },
        'evt-shop-redact',
      ).expect(200);
      expect(await db.connection.count({ where: { id: connectionId } })).toBe(0);
      expect(await db.connection.count({ where: { externalAccount: shop.domain } })).toBe(0);
      expect(await db.connectorItem.count({ where: { connectionId } })).toBe(0);
      expect(await db.syncCursor.count({ where: { connectionId } })).toBe(0);
      expect(await db.image.count({ where: { id: imageId } })).toBe(0);
      await request(hub.http).get(`/v1/images/${imageId}`).set('Authorization', `Bearer ${account.apiKey}`).expect(404);
    });

    it('forgets the token on app/uninstalled and stops acting for the shop', async () => {
      const shop = new FakeShop();
      shop.addProducts(1, 1);
      const connectionId = await installByTokenExchange(hub, shop, account);
      await sendWebhook(
        hub,
        shop,
        'app/uninstalled',
        { id: 548380009, name: 'Super Toys', domain: shop.domain, myshopify_domain: shop.domain },
        'evt-uninstalled',
      ).expect(200);
      const me = await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200);
      const connection = await hub.app.get(ConnectionRepository).get(me.body.id as string, connectionId);
      expect(connection?.status).toBe('uninstalled');
      expect(await hub.app.get(ConnectionRepository).secrets(me.body.id as string, connectionId)).toEqual({});
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http)
        .get('/shopify/api/status')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(status.body.connected).toBe(false);
    });
  });

  describe('under the Admin API cost rules', () => {
    it("refuses the connector's old catalog query as Shopify would (MAX_COST_EXCEEDED), without charging the bucket", async () => {
      const shop = new FakeShop();
      shop.addProducts(3, 1);
      await shop.serve();
      const library = shopifyApi({
        apiKey: API_KEY,
        apiSecretKey: API_SECRET,
        hostName: 'tagphoto.example.com',
        apiVersion: SHOPIFY_API_VERSION,
        isEmbeddedApp: true,
        logger: { log: async () => undefined },
      });
      const client = new library.clients.Graphql({
        session: new Session({
          id: 'offline',
          shop: shop.domain,
          state: '',
          isOnline: false,
          accessToken: shop.issueNonExpiringToken(),
        }),
      });
      const refused = await client.request(OLD_PRODUCTS_QUERY, { variables: { first: 50, after: null } }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(GraphqlQueryError);
      const body = (refused as GraphqlQueryError).body as {
        errors: { graphQLErrors: Array<{ extensions: { code: string; cost: number; maxCost: number } }> };
      };
      expect(body.errors.graphQLErrors[0].extensions).toMatchObject({
        code: 'MAX_COST_EXCEEDED',
        cost: 2 + 50 * (1 + 2 + 50 * 2),
        maxCost: 1000,
      });
      expect(shop.charges).toEqual([]);
    });

    it('reads a small catalog in pages within the cost cap, paces itself by the bucket, and batches alt text', async () => {
      const shop = new FakeShop('standard', await smallPhotos());
      // 100 products (pages, not bulk), every 5th with an image; the 7th with more media than a page holds.
      shop.addProducts(100, (index) => (index === 7 ? 45 : index % 5 === 0 ? 1 : 0));
      const connectionId = await installByTokenExchange(hub, shop, account);
      // Other calls of the app have nearly emptied the bucket: the first page must wait for it.
      shop.drainBucket(100);

      const started = await startBackfill(hub, account, connectionId);
      expect(started).toMatchObject({ status: 'running', processed: 0, phase: 'counting' });
      const done = await untilBackfill(hub, account, connectionId);

      expect(done).toMatchObject({
        status: 'done',
        mode: 'pages',
        processed: 100,
        total: 100,
        imagesTagged: 20 + 45,
        lastError: null,
      });
      expect(done.rateLimitWaitMs).toBeGreaterThan(0);
      expect(shop.refusals.filter((refusal) => refusal.code !== 'THROTTLED')).toEqual([]);
      // Every query was priced by the fake and stayed under the cap; the rate never went past the plan's.
      expect(shop.charges.length).toBe(shop.calls.length);
      for (const charge of shop.charges) expect(charge.requested).toBeLessThanOrEqual(1000);
      expect(shop.rateCheck().worstExcess).toBeLessThanOrEqual(0);
      expect(shop.callsOf('TagPhotoProducts')).toHaveLength(10);
      expect(shop.callsOf('TagPhotoProduct').map((call) => call.variables.id)).toEqual([shop.products[6].id]);
      // Alt text goes out one fileUpdate per page, never more than 250 files in one.
      const altCalls = shop.callsOf('TagPhotoAltText');
      expect(altCalls.length).toBeLessThanOrEqual(10);
      const written = altCalls.flatMap((call) =>
        (call.variables.files as Array<{ id: string }>).map((file) => file.id),
      );
      expect(written).toHaveLength(65);
      expect(new Set(written).size).toBe(65);
      expect(shop.callsOf('TagPhotoTags')).toHaveLength(21);

      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http)
        .get('/shopify/api/status')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(status.body.backfill).toMatchObject({ status: 'done', processed: 100, total: 100 });
    });

    it('reads a large catalog through a bulk operation and its JSONL file, woken by bulk_operations/finish', async () => {
      const shop = new FakeShop('standard', await smallPhotos());
      shop.addProducts(160, (index) => (index % 8 === 0 ? 2 : 0));
      // The export takes a few seconds; Shopify then posts bulk_operations/finish (the hub polls only hourly here).
      shop.bulkDelayMs = 3000;
      const finished: number[] = [];
      shop.deliverWebhook = async (headers, body) => {
        let call = request(hub.http).post('/webhooks/shopify');
        for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
        finished.push((await call.send(body)).status);
      };
      const connectionId = await installByTokenExchange(hub, shop, account);

      await startBackfill(hub, account, connectionId);
      const phases = new Set<string>();
      const done = await untilBackfill(hub, account, connectionId, 'the backfill to finish', (progress) => {
        if (progress.phase) phases.add(progress.phase as string);
        return progress.status === 'done';
      });

      expect(done).toMatchObject({
        status: 'done',
        mode: 'bulk',
        processed: 160,
        total: 160,
        imagesTagged: 40,
        lastError: null,
      });
      expect(phases.has('exporting') || phases.has('tagging')).toBe(true);
      expect(finished).toEqual([200]);
      expect(shop.callsOf('TagPhotoBulkCatalog')).toHaveLength(1);
      expect(shop.callsOf('TagPhotoProducts')).toEqual([]);
      expect(shop.refusals).toEqual([]);
      const written = shop
        .callsOf('TagPhotoAltText')
        .flatMap((call) => (call.variables.files as Array<{ id: string }>).map((file) => file.id));
      expect(written.sort()).toEqual(shop.products.flatMap((product) => product.media.map((media) => media.id)).sort());
    });

    it('neither tags nor writes again when the answer to a written batch was lost and the step is retried', async () => {
      const shop = new FakeShop('standard', await smallPhotos());
      shop.addProducts(20, 1);
      // Shopify applies the alt texts, but its answer never arrives: the job fails after the write and is retried.
      shop.loseAnswerOf.add('TagPhotoAltText');
      const connectionId = await installByTokenExchange(hub, shop, account);
      // Overwrite always: only the read-back, not the keep-a-person's-text rule, can stop the second write.
      await updateShopSettings(hub, shop, (settings) => ({ ...settings, overwrite: 'always' }));

      await startBackfill(hub, account, connectionId);
      const done = await untilBackfill(hub, account, connectionId);

      expect(done).toMatchObject({ status: 'done', mode: 'pages', processed: 20, imagesTagged: 20, lastError: null });
      expect(shop.loseAnswerOf.size).toBe(0);
      // The retry read the shop's current alt text back (nodes) and found its own: no second fileUpdate.
      expect(shop.callsOf('TagPhotoWriteState')).toHaveLength(1);
      const written = shop
        .callsOf('TagPhotoAltText')
        .flatMap((call) => (call.variables.files as Array<{ id: string }>).map((file) => file.id));
      expect(written.sort()).toEqual(shop.products.map((product) => product.media[0].id).sort());
      expect(shop.callsOf('TagPhotoTags')).toHaveLength(20);
      // And the engine ran once per image: one image record each, all results the recorded ones.
      const db = hub.app.get<Database>(DATABASE).prisma;
      expect(await db.image.count({ where: { fileName: { startsWith: `${shop.name}-` } } })).toBe(20);
      const items = await db.connectorItem.findMany({ where: { connectionId } });
      expect(items).toHaveLength(20);
      expect(items.every((item) => !item.contentHash.endsWith(':pending'))).toBe(true);
    });
  });

  describe('expiring offline tokens', () => {
    it('refreshes a token shortly before it expires, and stores the rotated tokens sealed', async () => {
      const shop = new FakeShop();
      shop.accessTokenSeconds = 120;
      shop.addProducts(1, 1);
      const connectionId = await installByTokenExchange(hub, shop, account);
      const repository = hub.app.get(ConnectionRepository);
      const ownerId = await ownerIdOf(hub, account);
      const installed = (await repository.secrets<{ accessToken: string; refreshToken: string }>(
        ownerId,
        connectionId,
      ))!;
      // The installed token has two minutes left, within the refresh margin; fresh ones last the usual hour.
      shop.accessTokenSeconds = 3600;

      await sendWebhook(
        hub,
        shop,
        'products/create',
        shop.webhookProduct(shop.products[0]),
        'evt-refresh-before',
      ).expect(200);
      await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);

      expect(shop.tokenGrants).toEqual(['token_exchange:id_token', 'refresh_token']);
      expect(shop.refusals).toEqual([]);
      const renewed = (await repository.secrets<{ accessToken: string; refreshToken: string }>(ownerId, connectionId))!;
      expect(renewed.accessToken).not.toBe(installed.accessToken);
      expect(renewed.refreshToken).not.toBe(installed.refreshToken);
      expect(shop.calls.every((call) => call.token === renewed.accessToken)).toBe(true);
      const row = await hub.app.get<Database>(DATABASE).prisma.connection.findFirst({ where: { id: connectionId } });
      expect(Buffer.from(row!.secrets!).toString('latin1')).not.toContain(renewed.refreshToken);
    });

    it('refreshes after Shopify answers 401 and sends the call again', async () => {
      const shop = new FakeShop();
      shop.addProducts(1, 1);
      await installByTokenExchange(hub, shop, account);
      shop.expireAccessTokens();

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(shop.products[0]), 'evt-refresh-401').expect(
        200,
      );
      await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);

      expect(shop.refusals).toEqual([{ operation: 'graphql', code: 'UNAUTHORIZED' }]);
      expect(shop.tokenGrants).toEqual(['token_exchange:id_token', 'refresh_token']);
      expect(shop.callsOf('TagPhotoProduct')).toHaveLength(1);
    });

    it('migrates a shop installed with a non-expiring token to an expiring one on its first call', async () => {
      const shop = new FakeShop();
      shop.addProducts(1, 1);
      await shop.serve();
      const ownerId = await ownerIdOf(hub, account);
      const legacy = shop.issueNonExpiringToken();
      const connection = await hub.app
        .get(ShopifyShopService)
        .connect(ownerId, shop.domain, { accessToken: legacy, scope: 'write_products,write_files' });

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(shop.products[0]), 'evt-migrate').expect(200);
      await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);

      expect(shop.tokenGrants).toEqual(['token_exchange:offline_token']);
      expect(shop.isValidToken(legacy)).toBe(false);
      const migrated = (await hub.app
        .get(ConnectionRepository)
        .secrets<Record<string, string>>(ownerId, connection.id))!;
      expect(migrated).toMatchObject({
        refreshToken: expect.stringMatching(/^shprt_/),
        expiresAt: expect.any(String),
        scope: 'write_products,write_files',
      });
      expect(migrated.accessToken).not.toBe(legacy);
      expect(shop.calls.every((call) => call.token === migrated.accessToken)).toBe(true);
    });
  });
});

describe('Shopify catalog backfill across a hub restart', () => {
  afterAll(async () => {
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('resumes from the saved page after a restart and writes nothing twice', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    // One try per job, so the failed page leaves the backfill cut short, as a crash would.
    const first = await startTestHub({ mode: 'server', env: { ...SHOPIFY_ENV, TAGPHOTO_JOB_ATTEMPTS: '1' } });
    const shop = new FakeShop();
    shop.addProducts(100, 5);
    shop.failPages.add(3);
    const account = await newAccount(first);
    const connectionId = await installByTokenExchange(first, shop, account);
    await startBackfill(first, account, connectionId);
    const cut = await untilBackfill(
      first,
      account,
      connectionId,
      'the backfill to stop at page 4',
      (progress) => progress.lastError,
    );
    expect(cut).toMatchObject({ status: 'running', processed: 30, imagesTagged: 6 });
    await first.close({ keepData: true });

    const second = await startTestHub({ mode: 'server', env: SHOPIFY_ENV, restartOf: first });
    try {
      const done = await untilBackfill(second, account, connectionId, 'the resumed backfill to finish');
      expect(done).toMatchObject({ status: 'done', processed: 100, total: 100, imagesTagged: 20, lastError: null });
      const altWrites = shop
        .callsOf('TagPhotoAltText')
        .flatMap((call) => (call.variables.files as Array<{ id: string }>).map((file) => file.id));
      expect(altWrites).toHaveLength(20);
      expect(new Set(altWrites).size).toBe(20);
      const tagWrites = shop.callsOf('TagPhotoTags').map((call) => call.variables.id);
      expect(tagWrites).toHaveLength(20);
      expect(new Set(tagWrites).size).toBe(20);
    } finally {
      await second.close();
    }
  });
});
