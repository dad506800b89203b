// nock first: it must patch fetch and http before @shopify/shopify-api captures them.
import nock from 'nock';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { newAccount, startTestHub, TestHub } from '../support/hub';
import { API_KEY, API_SECRET, BROWSER, FakeShop, SHOPIFY_ENV, signCallbackQuery, webhookHeaders } from './fake-shop';

// The library's own test helpers (required: a type import would compile the package's shipped .ts sources).
const helpers = require('@shopify/shopify-api/test-helpers') as {
  getJwt(store: string, apiKey: string, apiSecretKey: string, overrides?: Record<string, unknown>): Promise<{ token: string }>;
};

type Account = Awaited<ReturnType<typeof newAccount>>;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Installs the app for the shop by token exchange, as the embedded page does. */
async function installByTokenExchange(hub: TestHub, shop: FakeShop, account: Account): Promise<string> {
  const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
  const exchange = nock(`https://${shop.domain}`)
    .post('/admin/oauth/access_token', (body: Record<string, string>) =>
      body.grant_type === 'urn:ietf:params:oauth:grant-type:token-exchange' &&
      body.subject_token === token &&
      body.requested_token_type === 'urn:shopify:params:oauth:token-type:offline-access-token' &&
      body.client_secret === API_SECRET,
    )
    .reply(200, { access_token: `shpat_${shop.name}_secret`, scope: 'write_products,write_files' });
  const response = await request(hub.http)
    .post('/shopify/api/install')
    .set('Authorization', `Bearer ${token}`)
    .send({ apiKey: account.apiKey })
    .expect(201);
  expect(exchange.isDone()).toBe(true);
  expect(response.body).toMatchObject({ connected: true, shop: shop.domain });
  return response.body.connectionId as string;
}

function sendWebhook(hub: TestHub, shop: FakeShop, topic: string, payload: object, eventId: string, secret = API_SECRET): request.Test {
  const body = JSON.stringify(payload);
  let call = request(hub.http).post('/webhooks/shopify');
  for (const [name, value] of Object.entries(webhookHeaders(shop.domain, topic, body, eventId, secret))) call = call.set(name, value);
  return call.send(body);
}

describe('Shopify connector', () => {
  let hub: TestHub;
  let account: Account;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    hub = await startTestHub({ mode: 'server', env: SHOPIFY_ENV });
    account = await newAccount(hub);
  });
  afterAll(async () => {
    await hub.close();
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
      const location = new URL(begin.headers.location as string);
      expect(location.origin).toBe(`https://${shop.domain}`);
      expect(location.pathname).toBe('/admin/oauth/authorize');
      expect(location.searchParams.get('client_id')).toBe(API_KEY);
      expect(location.searchParams.get('scope')).toBe('write_products,write_files');
      expect(location.searchParams.get('redirect_uri')).toBe('https://tagphoto.example.com/connect/shopify/callback');
      const stateCookies = (begin.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]!);
      return { state: location.searchParams.get('state')!, cookies: [account.cookie, ...stateCookies].join('; ') };
    }

    function callbackQuery(shop: FakeShop, state: string): Record<string, string> {
      return { code: 'authorization-code-from-shopify', host: Buffer.from(`admin.shopify.com/store/${shop.name}`).toString('base64'), shop: shop.domain, state, timestamp: String(Math.floor(Date.now() / 1000)) };
    }

    it('installs by the OAuth code flow from a signed-in session and keeps the token sealed', async () => {
      const shop = new FakeShop();
      const { state, cookies } = await beginInstall(shop);
      const tokenRequest = nock(`https://${shop.domain}`)
        .post('/admin/oauth/access_token', { client_id: API_KEY, client_secret: API_SECRET, code: 'authorization-code-from-shopify', expiring: '0' })
        .reply(200, { access_token: 'shpat_code_flow_secret_token', scope: 'write_products,write_files' });

      const callback = await request(hub.http)
        .get(`/connect/shopify/callback?${signCallbackQuery(callbackQuery(shop, state))}`)
        .set('Cookie', cookies)
        .set('User-Agent', BROWSER)
        .expect(302);
      expect(callback.headers.location).toBe(`https://${shop.domain}/admin/apps/${API_KEY}`);
      expect(tokenRequest.isDone()).toBe(true);

      const connections = await request(hub.http).get('/v1/connections').set('Cookie', account.cookie).expect(200);
      const connection = (connections.body as Array<{ id: string; provider: string; externalAccount: string }>).find((c) => c.externalAccount === shop.domain);
      expect(connection).toMatchObject({ provider: 'shopify', status: 'active' });
      expect(JSON.stringify(connections.body)).not.toContain('shpat_');
      const row = await hub.app.get<Database>(DATABASE).prisma.connection.findFirst({ where: { id: connection!.id } });
      expect(Buffer.from(row!.secrets!).toString('latin1')).not.toContain('shpat_code_flow_secret_token');
      const me = await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200);
      const secrets = await hub.app.get(ConnectionRepository).secrets(me.body.id as string, connection!.id);
      expect(secrets).toMatchObject({ accessToken: 'shpat_code_flow_secret_token' });
    });

    it('refuses a callback whose HMAC or state was tampered with', async () => {
      const shop = new FakeShop();
      const tokenRequest = nock(`https://${shop.domain}`).post('/admin/oauth/access_token').reply(200, { access_token: 'shpat_never', scope: '' });

      const { state, cookies } = await beginInstall(shop);
      const signed = new URLSearchParams(signCallbackQuery(callbackQuery(shop, state)));
      signed.set('hmac', createHmac('sha256', 'not-the-app-secret').update('x').digest('hex'));
      const badHmac = await request(hub.http).get(`/connect/shopify/callback?${signed}`).set('Cookie', cookies).set('User-Agent', BROWSER).expect(401);
      expect(badHmac.body.error.code).toBe('shopify_oauth_invalid');

      const second = await beginInstall(shop);
      const otherState = signCallbackQuery(callbackQuery(shop, 'a-state-this-browser-never-got'));
      await request(hub.http).get(`/connect/shopify/callback?${otherState}`).set('Cookie', second.cookies).set('User-Agent', BROWSER).expect(401);

      expect(tokenRequest.isDone()).toBe(false);
      nock.removeInterceptor({ hostname: shop.domain, path: '/admin/oauth/access_token', method: 'POST', proto: 'https' });
      const connections = await request(hub.http).get('/v1/connections').set('Cookie', account.cookie).expect(200);
      expect(JSON.stringify(connections.body)).not.toContain(shop.domain);
    });

    it('installs from the embedded admin by exchanging an App Bridge session token, and refuses forged tokens', async () => {
      const shop = new FakeShop();
      const connectionId = await installByTokenExchange(hub, shop, account);
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${token}`).expect(200);
      expect(status.body).toMatchObject({ connected: true, connectionId, settings: { overwrite: 'keep_person', language: 'en' }, backfill: { status: 'idle' } });

      const forged = await helpers.getJwt(shop.name, API_KEY, 'someone-elses-secret');
      await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${forged.token}`).expect(401);
      const otherApp = await helpers.getJwt(shop.name, 'another-app', API_SECRET);
      await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${otherApp.token}`).expect(401);
      await request(hub.http).post('/shopify/api/install').set('Authorization', `Bearer ${token}`).send({ apiKey: 'tpk_not_a_real_key' }).expect(401);

      // Another TagPhoto account cannot take over a shop that is connected to this one.
      const other = await newAccount(hub);
      nock(`https://${shop.domain}`).post('/admin/oauth/access_token').reply(200, { access_token: 'shpat_other_account', scope: 'write_products,write_files' });
      const takeover = await request(hub.http).post('/shopify/api/install').set('Authorization', `Bearer ${token}`).send({ apiKey: other.apiKey }).expect(409);
      expect(takeover.body.error.code).toBe('shop_connected_elsewhere');
      nock.cleanAll();
    });

    it('revokes the app\'s access at Shopify when the owner disconnects the shop in the hub', async () => {
      const shop = new FakeShop();
      const connectionId = await installByTokenExchange(hub, shop, account);
      const revoke = nock(`https://${shop.domain}`, { reqheaders: { 'X-Shopify-Access-Token': `shpat_${shop.name}_secret` } })
        .delete('/admin/api_permissions/current.json')
        .reply(200, {});
      await request(hub.http).delete(`/v1/connections/${connectionId}`).set('Cookie', account.cookie).expect(204);
      expect(revoke.isDone()).toBe(true);
    });

    it('serves the embedded page framed only by the shop admin, with App Bridge from Shopify\'s CDN', async () => {
      const shop = new FakeShop();
      const page = await request(hub.http).get(`/shopify/app?shop=${shop.domain}&host=x&embedded=1`).expect(200);
      expect(page.text).toContain(`<meta name="shopify-api-key" content="${API_KEY}" />`);
      expect(page.text).toContain('https://cdn.shopify.com/shopifycloud/app-bridge.js');
      expect(page.headers['content-security-policy']).toContain(`frame-ancestors https://${shop.domain} https://admin.shopify.com`);
      await request(hub.http).get('/shopify/app/app.js').expect(200).expect('Content-Type', /javascript/);
    });
  });

  describe('webhooks', () => {
    it('answers 401 to every topic, compliance topics included, when the HMAC does not match', async () => {
      const shop = new FakeShop();
      for (const topic of ['products/create', 'customers/data_request', 'customers/redact', 'shop/redact', 'app/uninstalled']) {
        const response = await sendWebhook(hub, shop, topic, { shop_domain: shop.domain }, `evt-bad-${topic}`, 'a-wrong-secret');
        expect(response.status).toBe(401);
      }
    });

    it('tags a new product\'s images, writes alt text and product tags, and acts on each event once', async () => {
      const shop = new FakeShop();
      shop.addProducts(3, 1);
      shop.serve();
      await installByTokenExchange(hub, shop, account);
      const [first, , third] = shop.products;

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(first!), 'evt-create-1').expect(200);
      const altWrite = await until('fileUpdate', () => shop.callsOf('TagPhotoAltText')[0]);
      const tagsWrite = await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);

      const files = altWrite.variables.files as Array<{ id: string; alt: string }>;
      expect(files).toEqual([{ id: first!.media[0]!.id, alt: expect.any(String) }]);
      expect(files[0]!.alt.length).toBeGreaterThan(0);
      expect(files[0]!.alt.length).toBeLessThanOrEqual(512);
      expect(tagsWrite.variables.id).toBe(first!.id);
      const tags = tagsWrite.variables.tags as string[];
      expect(tags.length).toBeGreaterThan(0);
      expect(tags).not.toContain('handmade');

      // The alt text and tags are the engine's result for that image, recorded as one of the owner's images.
      const item = await hub.app.get<Database>(DATABASE).prisma.connectorItem.findFirst({ where: { externalId: first!.media[0]!.id } });
      const image = await request(hub.http).get(`/v1/images/${item!.imageId}`).set('Authorization', `Bearer ${account.apiKey}`).expect(200);
      expect(image.body).toMatchObject({ status: 'done', stored: false, fileName: `${shop.name}-${first!.legacyId}.jpg` });
      expect(files[0]!.alt).toBe(image.body.result.altText);
      expect(tags).toEqual(expect.arrayContaining([image.body.result.tags[0].label]));

      // A replay of the same event, and the products/update the hub's own writes cause, change nothing; the
      // queue runs in order, so once the third product is written the first's extra jobs would have run.
      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(first!), 'evt-create-1').expect(200);
      await sendWebhook(hub, shop, 'products/update', shop.webhookProduct(first!), 'evt-update-after-own-write').expect(200);
      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(third!), 'evt-create-3').expect(200);
      await until('the third product written', () => shop.callsOf('TagPhotoAltText').find((call) => (call.variables.files as Array<{ id: string }>)[0]!.id === third!.media[0]!.id));
      await until('the third product tagged', () => shop.callsOf('TagPhotoTags').find((call) => call.variables.id === third!.id));

      const productReads = shop.callsOf('TagPhotoProduct').filter((call) => call.variables.id === first!.id);
      expect(productReads).toHaveLength(2);
      expect(shop.callsOf('TagPhotoAltText').filter((call) => (call.variables.files as Array<{ id: string }>)[0]!.id === first!.media[0]!.id)).toHaveLength(1);
      expect(shop.callsOf('TagPhotoTags').filter((call) => call.variables.id === first!.id)).toHaveLength(1);
    });

    it('keeps alt text a person wrote by default, maps tags onto the shop\'s vocabulary and stores suggestions', async () => {
      const shop = new FakeShop();
      // Four products, the fourth with a photo of a cup of coffee (the fake CDN serves coffee.jpg for it).
      shop.addProducts(4, 4, () => 'Hand-thrown stoneware mug in a speckled glaze');
      shop.serve();
      await installByTokenExchange(hub, shop, account);
      const product = shop.products[3];
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const imported = await request(hub.http).post('/shopify/api/vocabulary/import').set('Authorization', `Bearer ${token}`).expect(201);
      expect(imported.body.settings.vocabulary).toEqual(['mug', 'cup', 'handmade']);
      const settings = { ...imported.body.settings, tagPrefix: 'tp:', fields: { altText: true, productTags: true, suggestions: true } };
      await request(hub.http).put('/shopify/api/settings').set('Authorization', `Bearer ${token}`).send(settings).expect(200);
      await request(hub.http).put('/shopify/api/settings').set('Authorization', `Bearer ${token}`).send({ ...settings, overwrite: 'sometimes' }).expect(400);

      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(product!), 'evt-person-alt').expect(200);
      const suggestion = await until('metafieldsSet', () => shop.callsOf('TagPhotoSuggestions')[0]);
      expect(suggestion.variables.metafields).toEqual([
        { ownerId: product!.id, namespace: 'tagphoto', key: 'suggestions', type: 'json', value: expect.stringMatching(/^\{"title":".+","description":".+"\}$/) },
      ]);
      expect(shop.callsOf('TagPhotoAltText')).toEqual([]);
      expect(product!.media[0]!.alt).toBe('Hand-thrown stoneware mug in a speckled glaze');
      const tagCalls = shop.callsOf('TagPhotoTags');
      expect(tagCalls).toHaveLength(1);
      expect((tagCalls[0]!.variables.tags as string[]).length).toBeGreaterThan(0);
      for (const tag of tagCalls[0]!.variables.tags as string[]) expect(['tp:mug', 'tp:cup', 'tp:handmade']).toContain(tag);
    });

    it('answers the customer compliance topics and deletes everything of a shop on shop/redact', async () => {
      const shop = new FakeShop();
      shop.addProducts(2, 1);
      shop.serve();
      const connectionId = await installByTokenExchange(hub, shop, account);
      await sendWebhook(hub, shop, 'products/create', shop.webhookProduct(shop.products[0]!), 'evt-redact-create').expect(200);
      await until('tagsAdd', () => shop.callsOf('TagPhotoTags')[0]);
      const db = hub.app.get<Database>(DATABASE).prisma;
      const items = await db.connectorItem.findMany({ where: { connectionId } });
      expect(items).toHaveLength(1);
      const imageId = items[0]!.imageId!;
      await request(hub.http).get(`/v1/images/${imageId}`).set('Authorization', `Bearer ${account.apiKey}`).expect(200);

      const customer = { id: 191167, email: 'john@example.com', phone: '555-625-1199' };
      await sendWebhook(hub, shop, 'customers/data_request', { shop_id: 954889, shop_domain: shop.domain, orders_requested: [299938, 280263], customer, data_request: { id: 9999 } }, 'evt-data-request').expect(200);
      await sendWebhook(hub, shop, 'customers/redact', { shop_id: 954889, shop_domain: shop.domain, customer, orders_to_redact: [299938] }, 'evt-customer-redact').expect(200);
      expect(await db.connection.count({ where: { id: connectionId } })).toBe(1);

      await sendWebhook(hub, shop, 'shop/redact', { shop_id: 954889, shop_domain: shop.domain }, 'evt-shop-redact').expect(200);
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
      shop.serve();
      const connectionId = await installByTokenExchange(hub, shop, account);
      await sendWebhook(hub, shop, 'app/uninstalled', { id: 548380009, name: 'Super Toys', domain: shop.domain, myshopify_domain: shop.domain }, 'evt-uninstalled').expect(200);
      const me = await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200);
      const connection = await hub.app.get(ConnectionRepository).get(me.body.id as string, connectionId);
      expect(connection?.status).toBe('uninstalled');
      expect(await hub.app.get(ConnectionRepository).secrets(me.body.id as string, connectionId)).toEqual({});
      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${token}`).expect(200);
      expect(status.body.connected).toBe(false);
    });
  });

  describe('catalog backfill', () => {
    it('tags a 250-product catalog across pages, waits out a THROTTLED answer, and reports progress', async () => {
      const shop = new FakeShop();
      shop.addProducts(250, 25);
      shop.throttleAfter.add(Buffer.from('100').toString('base64'));
      shop.serve();
      const connectionId = await installByTokenExchange(hub, shop, account);

      const started = await request(hub.http).post(`/v1/connections/${connectionId}/shopify/backfill`).set('Cookie', account.cookie).expect(202);
      expect(started.body).toMatchObject({ status: 'running', processed: 0 });
      const seen = new Set<number>();
      const done = await until('the backfill to finish', async () => {
        const progress = await request(hub.http).get(`/v1/connections/${connectionId}/shopify/backfill`).set('Cookie', account.cookie).expect(200);
        seen.add(progress.body.processed as number);
        return progress.body.status === 'done' ? progress.body : undefined;
      });

      expect(done).toMatchObject({ status: 'done', processed: 250, total: 250, imagesTagged: 10, lastError: null });
      expect([...seen].every((processed) => processed % 50 === 0)).toBe(true);
      expect(shop.throttledAnswers).toBe(1);
      expect(shop.callsOf('TagPhotoProducts').map((call) => call.variables.after ?? null)).toEqual(
        [null, '50', '100', '150', '200'].map((n) => (n === null ? null : Buffer.from(n).toString('base64'))),
      );
      const altWrites = shop.callsOf('TagPhotoAltText').map((call) => (call.variables.files as Array<{ id: string }>)[0]!.id);
      expect(altWrites).toHaveLength(10);
      expect(new Set(altWrites).size).toBe(10);
      expect(shop.callsOf('TagPhotoTags')).toHaveLength(10);

      const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
      const status = await request(hub.http).get('/shopify/api/status').set('Authorization', `Bearer ${token}`).expect(200);
      expect(status.body.backfill).toMatchObject({ status: 'done', processed: 250, total: 250 });
    });
  });
});

describe('Shopify catalog backfill across a hub restart', () => {
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('resumes from the saved cursor after a restart and writes nothing twice', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    // One try per job, so the failed page leaves the backfill cut short, as a crash would.
    const first = await startTestHub({ mode: 'server', env: { ...SHOPIFY_ENV, TAGPHOTO_JOB_ATTEMPTS: '1' } });
    const shop = new FakeShop();
    shop.addProducts(250, 25);
    shop.failAfter.add(Buffer.from('100').toString('base64'));
    shop.serve();
    const account = await newAccount(first);
    const connectionId = await installByTokenExchange(first, shop, account);
    await request(first.http).post(`/v1/connections/${connectionId}/shopify/backfill`).set('Cookie', account.cookie).expect(202);
    const cut = await until('the backfill to stop at page 3', async () => {
      const progress = await request(first.http).get(`/v1/connections/${connectionId}/shopify/backfill`).set('Cookie', account.cookie).expect(200);
      return progress.body.lastError ? progress.body : undefined;
    });
    expect(cut).toMatchObject({ status: 'running', processed: 100, imagesTagged: 4 });
    await first.close({ keepData: true });

    const second = await startTestHub({ mode: 'server', env: SHOPIFY_ENV, restartOf: first });
    try {
      const done = await until('the resumed backfill to finish', async () => {
        const progress = await request(second.http).get(`/v1/connections/${connectionId}/shopify/backfill`).set('Cookie', account.cookie).expect(200);
        return progress.body.status === 'done' ? progress.body : undefined;
      });
      expect(done).toMatchObject({ status: 'done', processed: 250, total: 250, imagesTagged: 10, lastError: null });
      const altWrites = shop.callsOf('TagPhotoAltText').map((call) => (call.variables.files as Array<{ id: string }>)[0]!.id);
      expect(altWrites).toHaveLength(10);
      expect(new Set(altWrites).size).toBe(10);
      const tagWrites = shop.callsOf('TagPhotoTags').map((call) => call.variables.id);
      expect(tagWrites).toHaveLength(10);
      expect(new Set(tagWrites).size).toBe(10);
    } finally {
      await second.close();
    }
  });
});
