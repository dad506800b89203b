import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { WebhookDeliveryRepository } from '../../apps/hub/src/modules/webhooks/webhook-delivery.repository';
import { WebhookEndpointRepository } from '../../apps/hub/src/modules/webhooks/webhook-endpoint.repository';
import { newAccount, PHOTOS, REPO_ROOT, startTestHub, TestHub, tagAndWait } from '../support/hub';
import { ownerDataChanges, TargetIds } from '../support/owner-data-changes';

type Account = Awaited<ReturnType<typeof newAccount>>;
type Method = 'post' | 'put' | 'patch' | 'delete';
type Encoding = 'json' | 'form' | 'text' | 'multipart' | 'csv' | 'empty-text';

/** The hub as the browser sees it: requests carry this Host, so its own pages send this Origin. */
const HUB_HOST = 'hub.tagphoto.test';
const HUB_ORIGIN = `https://${HUB_HOST}`;
/** A dashboard served from elsewhere, configured in TAGPHOTO_DASHBOARD_ORIGINS. */
const DASHBOARD_ORIGIN = 'https://dashboard.tagphoto.test';
const PASSWORD = 'a long enough password';
/** A close-up the engine names no certain subject in, so it waits for review. */
const FLAGGED_PHOTO = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');
/**
 * The loopback address this hub allowlists for image and webhook URLs, on a port where nothing listens: a URL
 * the hub would accept (so an accepted cross-site request would really change something), and nothing is reached.
 */
const ALLOWED_HOST = '127.0.0.2';
const UNREACHED = `http://${ALLOWED_HOST}:9`;

/**
 * What a page on another site would try on each unsafe route: the JSON body the route takes, which would change
 * the victim's data if accepted. Every unsafe /v1 route of the OpenAPI document must be listed: a new route makes
 * this test fail until someone decides what a cross-site request there would look like.
 */
const CROSS_SITE_TARGETS: Record<
  string,
  (ids: TargetIds, attacker: Account) => { path: string; body?: Record<string, unknown> }
> = {
  ...ownerDataChanges('planted alt text'),
  'post /v1/auth/signup': () => ({
    path: '/v1/auth/signup',
    body: { email: 'planted@example.com', password: PASSWORD },
  }),
  // Login CSRF: the victim's browser signed into the attacker's account.
  'post /v1/auth/login': (_, attacker) => ({
    path: '/v1/auth/login',
    body: { email: attacker.email, password: PASSWORD },
  }),
  'post /v1/auth/logout': () => ({ path: '/v1/auth/logout' }),
  'post /v1/api-keys': () => ({ path: '/v1/api-keys', body: { name: 'planted' } }),
  'post /v1/images': () => ({ path: '/v1/images?wait=true', body: { url: `${UNREACHED}/cat.jpg` } }),
  // A forged import would rewrite the victim's alt texts.
  'post /v1/images/import.csv': ({ imageId }) => ({
    path: '/v1/images/import.csv',
    body: { id: imageId, alt_text: 'planted alt text' },
  }),
  'post /v1/webhooks/endpoints': () => ({
    path: '/v1/webhooks/endpoints',
    body: { url: `${UNREACHED}/attacker-collects-ocr` },
  }),
  'patch /v1/webhooks/endpoints/{id}': ({ endpointId }) => ({
    path: `/v1/webhooks/endpoints/${endpointId}`,
    body: { url: `${UNREACHED}/attacker-collects-ocr` },
  }),
};

/** How a page on another site can reach the hub with the victim's cookie, and what a careless client might send. */
const CROSS_SITE_REQUESTS: Array<{ how: string; headers: Record<string, string>; encoding: Encoding }> = [
  {
    how: 'a cross-site HTML form (urlencoded)',
    headers: { Origin: 'https://attacker.test', 'Sec-Fetch-Site': 'cross-site' },
    encoding: 'form',
  },
  {
    how: 'a cross-site text/plain form carrying JSON',
    headers: { Origin: 'https://attacker.test', 'Sec-Fetch-Site': 'cross-site' },
    encoding: 'text',
  },
  {
    how: 'a cross-site multipart form',
    headers: { Origin: 'https://attacker.test', 'Sec-Fetch-Site': 'cross-site' },
    encoding: 'multipart',
  },
  {
    how: 'JSON from a sibling subdomain',
    headers: { Origin: `https://evil.${HUB_HOST}`, 'Sec-Fetch-Site': 'same-site' },
    encoding: 'json',
  },
  {
    how: 'JSON marked Sec-Fetch-Site: cross-site without an Origin',
    headers: { 'Sec-Fetch-Site': 'cross-site' },
    encoding: 'json',
  },
  { how: 'JSON from an opaque origin (Origin: null)', headers: { Origin: 'null' }, encoding: 'json' },
  { how: 'an urlencoded form without Origin (an old browser)', headers: {}, encoding: 'form' },
  { how: 'an empty text/plain post', headers: {}, encoding: 'empty-text' },
  // text/csv is not a type a form can send; a script on another site can, with the cookie when CORS would let it.
  {
    how: 'a CSV fetched from another site',
    headers: { Origin: 'https://attacker.test', 'Sec-Fetch-Site': 'cross-site' },
    encoding: 'csv',
  },
];

function send(call: request.Test, body: Record<string, unknown> | undefined, encoding: Encoding): request.Test {
  const fields = Object.entries(body ?? {}).map(([name, value]): [string, string] => [
    name,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  switch (encoding) {
    case 'json':
      return body ? call.set('Content-Type', 'application/json').send(JSON.stringify(body)) : call;
    case 'form':
      return call
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(new URLSearchParams(fields.length ? fields : [['x', '']]).toString());
    case 'text':
      return call.set('Content-Type', 'text/plain').send(JSON.stringify(body ?? {}));
    case 'multipart':
      return fields.reduce((multipart, [name, value]) => multipart.field(name, value), call.field('x', ''));
    case 'csv':
      return call
        .set('Content-Type', 'text/csv')
        .send(`${fields.map(([name]) => name).join(',')}\n${fields.map(([, value]) => value).join(',')}\n`);
    case 'empty-text':
      return call.set('Content-Type', 'text/plain');
  }
}

/**
 * Finding 2 of the security review: no page on another site can change anything with the victim's session
 * cookie, nor sign the victim's browser into the attacker's account. Requests come with the hub's Host header, so
 * the hub's own pages would send HUB_ORIGIN.
 */
describe('cross-site requests with the session cookie change nothing', () => {
  let hub: TestHub;
  let victim: Account;
  let attacker: Account;
  let ids: TargetIds;

  /** Every row a successful request could have written, for the whole (test) database. */
  async function snapshot(): Promise<string> {
    const prisma = hub.app.get<Database>(DATABASE).prisma;
    const rows = await Promise.all([
      prisma.account.findMany({ orderBy: { id: 'asc' } }),
      prisma.session.findMany({ orderBy: { id: 'asc' } }),
      prisma.apiKey.findMany({ orderBy: { id: 'asc' } }),
      prisma.image.findMany({ orderBy: { id: 'asc' } }),
      prisma.taggingResult.findMany({ orderBy: { imageId: 'asc' } }),
      prisma.connection.findMany({ orderBy: { id: 'asc' } }),
      prisma.syncCursor.findMany(),
      prisma.webhookEndpoint.findMany({ orderBy: { id: 'asc' } }),
      prisma.webhookDelivery.findMany({ orderBy: { id: 'asc' } }),
      prisma.imageReview.findMany({ orderBy: { imageId: 'asc' } }),
      prisma.imageHistoryEntry.findMany({
        orderBy: { id: 'asc' },
        select: { imageId: true, kind: true, fields: true, language: true, at: true },
      }),
      prisma.auditEvent.count(),
    ]);
    return JSON.stringify(rows);
  }

  beforeAll(async () => {
    hub = await startTestHub({
      mode: 'server',
      env: { TAGPHOTO_DASHBOARD_ORIGINS: DASHBOARD_ORIGIN, TAGPHOTO_FETCH_ALLOW_HOSTS: ALLOWED_HOST },
    });
    victim = await newAccount(hub);
    attacker = await newAccount(hub);
    const ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', victim.cookie).expect(200)).body
      .id as string;
    const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    const image = await tagAndWait(hub, victim.cookie, photo, 'victim.jpg');
    // An image the engine flags, waiting in the victim's review queue.
    const flagged = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Cookie', victim.cookie)
      .attach('file', await readFile(FLAGGED_PHOTO), 'victim-apple.jpg')
      .expect(200);
    expect(flagged.body.result.review.needed).toBe(true);
    const connection = await hub.app
      .get(ConnectionRepository)
      .upsert(ownerId, 'example', 'victim-shop.example', { accessToken: 'victim-token' });
    const created = await hub.app
      .get(WebhookEndpointRepository)
      .create(
        ownerId,
        { url: `${UNREACHED}/victim-hook`, events: ['image.deleted'], enabled: true },
        { current: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=' },
      );
    const deliveries = hub.app.get(WebhookDeliveryRepository);
    const event = {
      type: 'image.deleted' as const,
      timestamp: new Date().toISOString(),
      data: { imageId: image.body.id as string },
    };
    const [delivery] = await deliveries.createForEndpoints(ownerId, [created.id], 'msg_victim', event, new Date());
    await deliveries.recordAttempt(
      ownerId,
      delivery.id,
      { statusCode: 500, latencyMs: 1, response: 'down', error: null },
      { status: 'failed' },
    );
    ids = {
      imageId: image.body.id as string,
      flaggedImageId: flagged.body.id as string,
      apiKeyId: victim.apiKeyId,
      connectionId: connection.id,
      endpointId: created.id,
      deliveryId: delivery.id,
    };
  });
  afterAll(() => hub.close());

  it('lists every unsafe /v1 route of the API', async () => {
    const document = (await request(hub.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const unsafe = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .filter((route) => route.split(' ')[1].startsWith('/v1/') && !route.startsWith('get '));
    expect(unsafe.sort()).toEqual(Object.keys(CROSS_SITE_TARGETS).sort());
  });

  const table = Object.keys(CROSS_SITE_TARGETS).flatMap((route) =>
    CROSS_SITE_REQUESTS.map((attempt) => [route, attempt.how, attempt] as const),
  );

  it.each(table)('%s refuses %s, and nothing changes', async (route, _, attempt) => {
    const method = route.split(' ')[0] as Method;
    const target = CROSS_SITE_TARGETS[route](ids, attacker);
    const before = await snapshot();
    const call = request(hub.http)
      [method](target.path)
      .set({ Host: HUB_HOST, Cookie: victim.cookie, ...attempt.headers });
    const response = await send(call, target.body, attempt.encoding);
    expect([403, 415]).toContain(response.status);
    expect(response.body.error.code).toBe(response.status === 403 ? 'cross_site_request' : 'unsupported_media_type');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it("accepts the same requests from the hub's own pages and from a configured dashboard origin", async () => {
    for (const [origin, fetchSite] of [
      [HUB_ORIGIN, 'same-origin'],
      [DASHBOARD_ORIGIN, 'same-site'],
    ] as const) {
      const browser = { Host: HUB_HOST, Cookie: victim.cookie, Origin: origin, 'Sec-Fetch-Site': fetchSite };
      const created = await request(hub.http)
        .post('/v1/api-keys')
        .set(browser)
        .send({ name: `from ${origin}` })
        .expect(201);
      await request(hub.http).delete(`/v1/api-keys/${created.body.id}`).set(browser).expect(204);
      await request(hub.http)
        .patch(`/v1/images/${ids.imageId}`)
        .set(browser)
        .send({ altText: `written on ${origin}` })
        .expect(200);
    }
    const login = await request(hub.http)
      .post('/v1/auth/login')
      .set({ Host: HUB_HOST, Origin: HUB_ORIGIN, 'Sec-Fetch-Site': 'same-origin' })
      .send({ email: victim.email, password: PASSWORD })
      .expect(200);
    expect(login.headers['set-cookie']).toEqual([expect.stringMatching(/^tagphoto_session=.*HttpOnly.*SameSite=Lax/i)]);
  });

  it("accepts an API key from any origin (the Figma plugin's iframe is Origin: null) and a cookie from a program that sends no Origin", async () => {
    await request(hub.http)
      .patch(`/v1/images/${ids.imageId}`)
      .set({ Authorization: `Bearer ${victim.apiKey}`, Origin: 'null', 'Sec-Fetch-Site': 'cross-site' })
      .send({ altText: 'from Figma' })
      .expect(200);
    // curl -b jar, as the README shows: no browser, so no other site can have sent it.
    await request(hub.http)
      .patch(`/v1/images/${ids.imageId}`)
      .set('Cookie', victim.cookie)
      .send({ altText: 'from curl' })
      .expect(200);
    await request(hub.http).post('/v1/webhooks/callback-secret/rotate').set('Cookie', victim.cookie).expect(201);
  });
});
