import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { WebhookDeliveryRepository } from '../../apps/hub/src/modules/webhooks/webhook-delivery.repository';
import { SystemClock } from '../../apps/hub/src/common/clock';
import { newAccount, PHOTOS, REPO_ROOT, startTestHub, TestHub, tagAndWait } from '../support/hub';
import { ownerDataChanges, TargetIds } from '../support/owner-data-changes';
import { WebhookReceiver } from '../webhooks/webhook-receiver';

type Account = Awaited<ReturnType<typeof newAccount>>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type OwnerIds = TargetIds & { hookUrl: (path: string) => string };

/** Webhook endpoints point at a loopback receiver the hub allowlists: nothing is ever addressed past this machine. */
const RECEIVER_HOST = '127.0.0.2';
/** A close-up the engine names no certain subject in, so it waits in the owner's review queue. */
const FLAGGED_PHOTO = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');

/**
 * What a stranger sends to each /v1 route. Every route in the OpenAPI document must be listed: a new route
 * makes this test fail until someone decides how a stranger would try to reach another owner's data there.
 */
const STRANGER_REQUESTS: Record<
  string,
  (ids: OwnerIds) => { path: string; body?: object; file?: boolean; csv?: string }
> = {
  ...ownerDataChanges('stranger was here'),
  'post /v1/auth/signup': () => ({ path: '/v1/auth/signup', body: { email: 'nobody@example.com', password: 'short' } }),
  'post /v1/auth/login': () => ({
    path: '/v1/auth/login',
    body: { email: 'nobody@example.com', password: 'whatever password' },
  }),
  'post /v1/auth/logout': () => ({ path: '/v1/auth/logout' }),
  'get /v1/auth/me': () => ({ path: '/v1/auth/me' }),
  'post /v1/api-keys': () => ({ path: '/v1/api-keys', body: { name: 'stranger' } }),
  'get /v1/api-keys': () => ({ path: '/v1/api-keys' }),
  'post /v1/images': () => ({ path: '/v1/images?wait=true', file: true }),
  'get /v1/images': () => ({ path: '/v1/images?limit=100' }),
  'get /v1/images/{id}': ({ imageId }) => ({ path: `/v1/images/${imageId}` }),
  'get /v1/images/{id}/file': ({ imageId }) => ({ path: `/v1/images/${imageId}/file` }),
  'get /v1/images/{id}/history': ({ imageId }) => ({ path: `/v1/images/${imageId}/history` }),
  'get /v1/images/export.csv': () => ({ path: '/v1/images/export.csv' }),
  'post /v1/images/import.csv': ({ imageId }) => ({
    path: '/v1/images/import.csv',
    csv: `id,alt_text\n${imageId},stranger was here\n`,
  }),
  'get /v1/account/privacy': () => ({ path: '/v1/account/privacy' }),
  'get /v1/account/export': () => ({ path: '/v1/account/export' }),
  'get /v1/audit-events': () => ({ path: '/v1/audit-events' }),
  'get /v1/connections': () => ({ path: '/v1/connections' }),
  'get /v1/connections/{id}/google-drive': ({ connectionId }) => ({
    path: `/v1/connections/${connectionId}/google-drive`,
  }),
  'get /v1/connections/{id}/google-drive/folders': ({ connectionId }) => ({
    path: `/v1/connections/${connectionId}/google-drive/folders?parent=root`,
  }),
  'get /v1/connections/{id}/google-drive/folders/{folderId}': ({ connectionId }) => ({
    path: `/v1/connections/${connectionId}/google-drive/folders/root`,
  }),
  // Which connectors the operator has set up: the same answer for every owner, nothing of anyone's.
  'get /v1/connectors': () => ({ path: '/v1/connectors' }),
  'get /v1/connections/{id}/slack': ({ connectionId }) => ({ path: `/v1/connections/${connectionId}/slack` }),
  'get /v1/connections/{id}/shopify/backfill': ({ connectionId }) => ({
    path: `/v1/connections/${connectionId}/shopify/backfill`,
  }),
  'post /v1/webhooks/endpoints': ({ hookUrl }) => ({
    path: '/v1/webhooks/endpoints',
    body: { url: hookUrl('/stranger') },
  }),
  'get /v1/webhooks/endpoints': () => ({ path: '/v1/webhooks/endpoints' }),
  'get /v1/webhooks/endpoints/{id}': ({ endpointId }) => ({ path: `/v1/webhooks/endpoints/${endpointId}` }),
  'patch /v1/webhooks/endpoints/{id}': ({ endpointId, hookUrl }) => ({
    path: `/v1/webhooks/endpoints/${endpointId}`,
    body: { url: hookUrl('/stolen') },
  }),
  'get /v1/webhooks/endpoints/{id}/deliveries': ({ endpointId }) => ({
    path: `/v1/webhooks/endpoints/${endpointId}/deliveries`,
  }),
  'get /v1/webhooks/callback-secret': () => ({ path: '/v1/webhooks/callback-secret' }),
  'get /v1/review': () => ({ path: '/v1/review?limit=100' }),
};

describe('owner isolation across every /v1 route', () => {
  let hub: TestHub;
  let owner: Account;
  let stranger: Account;
  let photo: Buffer;
  let imageId: string;
  let flaggedImageId: string;
  let ownerId: string;
  let connectionId: string;
  let endpoint: { id: string; secret: string };
  let deliveryId: string;
  const receiver = new WebhookReceiver(new SystemClock(), RECEIVER_HOST);
  const hookUrl = (path: string) => receiver.url(path);

  beforeAll(async () => {
    await receiver.start();
    hub = await startTestHub({ mode: 'server', env: { TAGPHOTO_FETCH_ALLOW_HOSTS: RECEIVER_HOST } });
    photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    owner = await newAccount(hub);
    stranger = await newAccount(hub);
    ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie)).body.id as string;
    const done = await tagAndWait(hub, owner.cookie, photo, 'owner-secret-name.jpg');
    imageId = done.body.id as string;
    const flagged = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Cookie', owner.cookie)
      .attach('file', await readFile(FLAGGED_PHOTO), 'owner-secret-apple.jpg')
      .expect(200);
    flaggedImageId = flagged.body.id as string;
    const connection = await hub.app
      .get(ConnectionRepository)
      .upsert(ownerId, 'example', 'owner-secret-shop.example', { accessToken: 'owner-secret-token' });
    connectionId = connection.id;
    endpoint = (
      await request(hub.http)
        .post('/v1/webhooks/endpoints')
        .set('Cookie', owner.cookie)
        .send({ url: hookUrl('/owner-secret-hook') })
        .expect(201)
    ).body as { id: string; secret: string };
    const deliveries = hub.app.get(WebhookDeliveryRepository);
    const event = { type: 'image.deleted' as const, timestamp: new Date().toISOString(), data: { imageId } };
    [{ id: deliveryId }] = await deliveries.createForEndpoints(ownerId, [endpoint.id], 'msg_owner', event, new Date());
    // Finished, so nothing tries to send it during the test.
    await deliveries.recordAttempt(
      ownerId,
      deliveryId,
      { statusCode: 200, latencyMs: 1, response: 'ok', error: null },
      { status: 'delivered' },
    );
  });
  afterAll(async () => {
    await hub.close();
    await receiver.stop();
  });

  it("lets no route leak or change another owner's data, with a stranger's session or API key", async () => {
    const document = (await request(hub.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .filter((route) => route.split(' ')[1].startsWith('/v1/'));
    expect(routes.filter((route) => !(route in STRANGER_REQUESTS))).toEqual([]);

    const secrets = [
      ownerId,
      owner.email,
      owner.apiKeyId,
      'owner-secret-name',
      'owner-secret-apple',
      'owner-secret-shop',
      'owner-secret-token',
      'owner-secret-hook',
      endpoint.secret,
      endpoint.id,
      deliveryId,
    ];
    const queueBefore = (await request(hub.http).get('/v1/review').set('Cookie', owner.cookie).expect(200)).body;
    // The stranger ends their own session and account: those two go last.
    const last = ['delete /v1/account', 'post /v1/auth/logout'];
    const ordered = [...routes.filter((route) => !last.includes(route)), ...last];
    const responses: string[] = [];
    for (const credentials of [{ Authorization: `Bearer ${stranger.apiKey}` }, { Cookie: stranger.cookie }]) {
      for (const route of ordered) {
        const [method, template] = route.split(' ') as [Method, string];
        const spec = STRANGER_REQUESTS[route]({
          imageId,
          flaggedImageId,
          apiKeyId: owner.apiKeyId,
          connectionId,
          endpointId: endpoint.id,
          deliveryId,
          hookUrl,
        });
        let call = request(hub.http)[method](spec.path).set(credentials);
        if (spec.file) call = call.attach('file', photo, 'stranger.jpg');
        else if (spec.csv) call = call.set('Content-Type', 'text/csv').send(spec.csv);
        else if (spec.body) call = call.send(spec.body);
        const response = await call.buffer(true);
        responses.push(`${route} → ${response.status} ${response.text ?? ''}`);
        if (template.includes('{id}')) expect([401, 404]).toContain(response.status);
      }
    }
    for (const secret of secrets) expect(responses.filter((line) => line.includes(secret))).toEqual([]);

    // And the owner's data is all still there, unchanged.
    const queueAfter = await request(hub.http).get('/v1/review').set('Cookie', owner.cookie).expect(200);
    expect(queueAfter.body).toEqual(queueBefore);
    expect(queueBefore.items.map((item: { id: string }) => item.id)).toContain(flaggedImageId);
    const flagged = await request(hub.http).get(`/v1/images/${flaggedImageId}`).set('Cookie', owner.cookie).expect(200);
    expect(flagged.body.result.editedFields).toEqual([]);
    const image = await request(hub.http).get(`/v1/images/${imageId}`).set('Cookie', owner.cookie).expect(200);
    expect(image.body.result.tags.length).toBeGreaterThan(0);
    // Never tagged again (in the stranger's language) nor edited: its history is its one tagging.
    expect(image.body).toMatchObject({ status: 'done', result: { language: 'en', editedFields: [] } });
    const history = await request(hub.http).get(`/v1/images/${imageId}/history`).set('Cookie', owner.cookie);
    expect(history.body.items.map((entry: { kind: string }) => entry.kind)).toEqual(['tagged']);
    const file = await request(hub.http).get(`/v1/images/${imageId}/file`).set('Cookie', owner.cookie).expect(200);
    expect(Buffer.compare(file.body as Buffer, photo)).toBe(0);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${owner.apiKey}`).expect(200);
    const privacy = await request(hub.http).get('/v1/account/privacy').set('Cookie', owner.cookie).expect(200);
    expect(privacy.body).toMatchObject({ retention: { mode: 'keep' }, analyticsOptOut: false });
    const connections = await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200);
    expect(connections.body).toEqual([
      expect.objectContaining({ id: connectionId, externalAccount: 'owner-secret-shop.example' }),
    ]);
    expect(JSON.stringify(connections.body)).not.toContain('owner-secret-token');
    const endpoints = await request(hub.http).get('/v1/webhooks/endpoints').set('Cookie', owner.cookie).expect(200);
    expect(endpoints.body).toEqual([
      expect.objectContaining({
        id: endpoint.id,
        url: hookUrl('/owner-secret-hook'),
        enabled: true,
        previousSecretValidUntil: null,
      }),
    ]);
    const deliveries = await request(hub.http)
      .get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries`)
      .set('Cookie', owner.cookie)
      .expect(200);
    expect(deliveries.body).toEqual([expect.objectContaining({ id: deliveryId, status: 'delivered', attempts: 1 })]);
  });
});
