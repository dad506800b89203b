import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { SystemClock } from '../../apps/hub/src/common/clock';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { WebhookEndpointRepository } from '../../apps/hub/src/modules/webhooks/webhook-endpoint.repository';
import { newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';
import { ownerIdOf, waitForDeliveries, WebhookReceiver } from './webhook-receiver';

/** The one address this hub may deliver to: a loopback receiver on 127.0.0.2, allowlisted alone (127.0.0.1 stays refused). */
const ALLOWED_RECEIVER = '127.0.0.2';

describe('webhook endpoints, with no private host allowlisted but one loopback receiver', () => {
  const receiver = new WebhookReceiver(new SystemClock());
  const allowedReceiver = new WebhookReceiver(new SystemClock(), ALLOWED_RECEIVER);
  let hub: TestHub;
  let allowedUrl: string;

  beforeAll(async () => {
    await receiver.start();
    await allowedReceiver.start();
    allowedUrl = allowedReceiver.url('/hooks/tagphoto');
    hub = await startTestHub({ mode: 'server', env: { TAGPHOTO_FETCH_ALLOW_HOSTS: ALLOWED_RECEIVER } });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.stop();
    await allowedReceiver.stop();
  });

  const createEndpoint = (cookie: string) =>
    request(hub.http).post('/v1/webhooks/endpoints').set('Cookie', cookie).send({ url: allowedUrl }).expect(201);

  it('creates an endpoint with a whsec_ secret shown once, lists, updates and deletes it', async () => {
    const { cookie } = await newAccount(hub);
    const created = await createEndpoint(cookie);
    expect(created.body).toMatchObject({
      url: allowedUrl,
      events: ['image.tagged', 'image.failed', 'image.deleted'],
      enabled: true,
      disabledReason: null,
      failingSince: null,
      previousSecretValidUntil: null,
      secret: expect.stringMatching(/^whsec_/),
    });
    const id = created.body.id as string;
    const listed = await request(hub.http).get('/v1/webhooks/endpoints').set('Cookie', cookie).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id, url: allowedUrl })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const updated = await request(hub.http)
      .patch(`/v1/webhooks/endpoints/${id}`)
      .set('Cookie', cookie)
      .send({ events: ['image.deleted'], enabled: false })
      .expect(200);
    expect(updated.body).toMatchObject({ events: ['image.deleted'], enabled: false });
    await request(hub.http)
      .patch(`/v1/webhooks/endpoints/${id}`)
      .set('Cookie', cookie)
      .send({ events: ['image.renamed'] })
      .expect(400);

    await request(hub.http).delete(`/v1/webhooks/endpoints/${id}`).set('Cookie', cookie).expect(204);
    await request(hub.http).get(`/v1/webhooks/endpoints/${id}`).set('Cookie', cookie).expect(404);
    const audit = await request(hub.http).get('/v1/audit-events').set('Cookie', cookie).expect(200);
    expect(audit.body.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['webhook_endpoint.created', 'webhook_endpoint.deleted']),
    );
  });

  it('is managed from a dashboard session only, never with an API key', async () => {
    const { apiKey } = await newAccount(hub);
    const refused = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ url: allowedUrl })
      .expect(401);
    expect(refused.body.error.code).toBe('session_required');
  });

  it.each([
    ['loopback by address', 'http://127.0.0.1:8080/hook'],
    ['loopback by name', 'http://localhost:8080/hook'],
    ['a private range', 'http://10.1.2.3/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'http://[::1]/hook'],
  ])('refuses an endpoint on %s', async (_, url) => {
    const { cookie } = await newAccount(hub);
    const refused = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', cookie)
      .send({ url })
      .expect(400);
    expect(refused.body.error.code).toBe('url_not_allowed');
    expect((await request(hub.http).get('/v1/webhooks/endpoints').set('Cookie', cookie).expect(200)).body).toEqual([]);
  });

  it('refuses moving an endpoint to a private address', async () => {
    const { cookie } = await newAccount(hub);
    const created = await createEndpoint(cookie);
    await request(hub.http)
      .patch(`/v1/webhooks/endpoints/${created.body.id}`)
      .set('Cookie', cookie)
      .send({ url: 'http://192.168.1.1/' })
      .expect(400);
  });

  it('refuses a private callbackUrl before storing the image', async () => {
    const { apiKey } = await newAccount(hub);
    const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    const refused = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${apiKey}`)
      .field('callbackUrl', receiver.url('/callback', 'localhost'))
      .attach('file', photo, 'coffee.jpg')
      .expect(400);
    expect(refused.body.error.code).toBe('url_not_allowed');
    expect(
      (await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${apiKey}`).expect(200)).body.items,
    ).toEqual([]);
  });

  it('checks the address again when delivering: a name that now resolves to 127.0.0.1 gets nothing (DNS rebinding)', async () => {
    const { cookie } = await newAccount(hub);
    const ownerId = await ownerIdOf(hub, cookie);
    // As if the name had resolved to a public address when the endpoint was created.
    const endpoint = await hub.app
      .get(WebhookEndpointRepository)
      .create(
        ownerId,
        { url: receiver.url('/rebound', 'localhost'), events: ['image.deleted'], enabled: true },
        { current: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=' },
      );
    await hub.app.get(ImageEvents).emit('image.deleted', { ownerId, imageId: '7d0f2c8a-1b3e-4f5a-9c6d-2e4f6a8b0c1d' });
    const [delivery] = await waitForDeliveries(hub, cookie, endpoint.id, ([only]) => only?.attempts === 1);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(delivery.lastError).toContain('loopback address the hub does not contact');
    expect(receiver.at('/rebound')).toHaveLength(0);
  });
});
