import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { imageCallbackSchema, webhookEventSchema } from '@tagphoto/contracts';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { WebhookDeliveryService } from '../../apps/hub/src/modules/webhooks/webhook-delivery.service';
import { ManualClock, newAccount, PHOTOS, TestHub } from '../support/hub';
import {
  deliveriesOf,
  eventually,
  ownerIdOf,
  startHubForReceivers,
  verifyWebhook,
  waitForDeliveries,
  WebhookReceiver,
} from './webhook-receiver';

const HOUR = 3600_000;

describe('outgoing webhooks on PostgreSQL + BullMQ, to a real receiver', () => {
  const clock = new ManualClock(new Date('2026-11-29T08:00:00Z'));
  const receiver = new WebhookReceiver(clock);
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    await receiver.start();
    hub = await startHubForReceivers(clock);
    photo = await readFile(join(PHOTOS, 'coffee.jpg'));
  });
  afterAll(async () => {
    await hub.close();
    await receiver.stop();
  });

  async function endpoint(cookie: string, path: string, events?: string[]): Promise<{ id: string; secret: string }> {
    const created = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', cookie)
      .send({ url: receiver.url(path), events })
      .expect(201);
    return created.body as { id: string; secret: string };
  }

  /** An image.deleted event of the owner, through the same event bus the images API uses. */
  async function someEvent(cookie: string): Promise<void> {
    const events = hub.app.get(ImageEvents);
    await events.emit('image.deleted', {
      ownerId: await ownerIdOf(hub, cookie),
      imageId: '0b7c1f0e-2a44-4c1e-9d0f-6a5b4c3d2e1f',
    });
  }

  it('sends image.tagged for a real photo to the endpoints that subscribed, signed so svix verifies it', async () => {
    const { cookie, apiKey } = await newAccount(hub);
    const tagged = await endpoint(cookie, '/tagged', ['image.tagged']);
    await endpoint(cookie, '/deleted-only', ['image.deleted']);
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'coffee.jpg')
      .expect(200);

    const [webhook] = await receiver.waitFor('/tagged', 1);
    const event = webhookEventSchema.parse(verifyWebhook(tagged.secret, webhook));
    const image = await request(hub.http)
      .get(`/v1/images/${done.body.id}`)
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(event).toEqual({ type: 'image.tagged', timestamp: expect.any(String), data: { image: image.body } });
    expect(webhook.headers['content-type']).toBe('application/json');

    const [delivery] = await waitForDeliveries(hub, cookie, tagged.id, ([only]) => only?.status === 'delivered');
    expect(delivery).toMatchObject({
      eventType: 'image.tagged',
      attempts: 1,
      lastStatusCode: 200,
      lastResponse: 'answered 200',
      lastError: null,
    });
    expect(delivery.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(webhook.headers['webhook-id']).toBe(delivery.eventId);
    expect(receiver.at('/deleted-only')).toHaveLength(0);
  });

  it('POSTs a per-request callback when the image is tagged, signed with the account callback secret', async () => {
    const { cookie, apiKey } = await newAccount(hub);
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${apiKey}`)
      .field('callbackUrl', receiver.url('/callback'))
      .attach('file', photo, 'coffee.jpg')
      .expect(202);
    const [webhook] = await receiver.waitFor('/callback', 1, 60_000);
    const { secret } = (await request(hub.http).get('/v1/webhooks/callback-secret').set('Cookie', cookie).expect(200))
      .body as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    const callback = imageCallbackSchema.parse(verifyWebhook(secret, webhook));
    const image = await request(hub.http)
      .get(`/v1/images/${accepted.body.id}`)
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(callback).toEqual({ type: 'image.tagged', timestamp: expect.any(String), data: { image: image.body } });
    expect(image.body.result.altText.length).toBeGreaterThan(0);
    expect(webhook.headers['webhook-id']).toBe(`msg_${accepted.body.id}`);
    // The secret is stable until rotated, and only a session can read it.
    expect(
      (await request(hub.http).get('/v1/webhooks/callback-secret').set('Cookie', cookie).expect(200)).body.secret,
    ).toBe(secret);
    await request(hub.http).get('/v1/webhooks/callback-secret').set('Authorization', `Bearer ${apiKey}`).expect(401);
  });

  it('signs callbacks with both callback secrets after a rotation', async () => {
    const { cookie, apiKey } = await newAccount(hub);
    const old = (await request(hub.http).get('/v1/webhooks/callback-secret').set('Cookie', cookie).expect(200)).body
      .secret as string;
    const rotated = await request(hub.http)
      .post('/v1/webhooks/callback-secret/rotate')
      .set('Cookie', cookie)
      .expect(201);
    expect(rotated.body.secret).not.toBe(old);
    await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .field('callbackUrl', receiver.url('/callback-rotated'))
      .attach('file', photo, 'coffee.jpg')
      .expect(200);
    const [webhook] = await receiver.waitFor('/callback-rotated', 1);
    expect(webhook.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(imageCallbackSchema.parse(verifyWebhook(rotated.body.secret as string, webhook)).type).toBe('image.tagged');
    expect(imageCallbackSchema.parse(verifyWebhook(old, webhook)).type).toBe('image.tagged');
  });

  it('disables an endpoint that answers 410 Gone and tells the owner', async () => {
    const { cookie } = await newAccount(hub);
    const gone = await endpoint(cookie, '/gone');
    receiver.answer('/gone', [], 410);
    await someEvent(cookie);
    const [delivery] = await waitForDeliveries(hub, cookie, gone.id, ([only]) => only?.status === 'failed');
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: 410, nextAttemptAt: null });
    await eventually(async () => {
      const view = await request(hub.http).get(`/v1/webhooks/endpoints/${gone.id}`).set('Cookie', cookie).expect(200);
      expect(view.body).toMatchObject({ enabled: false, disabledReason: 'The receiver answered 410 Gone.' });
    });
    const audit = await request(hub.http).get('/v1/audit-events').set('Cookie', cookie).expect(200);
    expect(audit.body).toContainEqual(
      expect.objectContaining({ type: 'webhook_endpoint.disabled', detail: expect.objectContaining({ id: gone.id }) }),
    );

    // Nothing more is sent to it, and replays wait until the owner enables it again.
    await someEvent(cookie);
    expect(await deliveriesOf(hub, cookie, gone.id)).toHaveLength(1);
    await request(hub.http).post(`/v1/webhooks/deliveries/${delivery.id}/replay`).set('Cookie', cookie).expect(409);
    const enabled = await request(hub.http)
      .patch(`/v1/webhooks/endpoints/${gone.id}`)
      .set('Cookie', cookie)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('sends two signatures during the grace period after a rotation, both verifying, and one after it', async () => {
    const { cookie } = await newAccount(hub);
    const rotating = await endpoint(cookie, '/rotating');
    const rotated = await request(hub.http)
      .post(`/v1/webhooks/endpoints/${rotating.id}/rotate-secret`)
      .set('Cookie', cookie)
      .expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.previousSecretValidUntil).toBe(new Date(clock.now().getTime() + 24 * HOUR).toISOString());

    await someEvent(cookie);
    const [during] = await receiver.waitFor('/rotating', 1);
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(rotated.body.secret as string, during)).toMatchObject({ type: 'image.deleted' });
    expect(verifyWebhook(rotating.secret, during)).toMatchObject({ type: 'image.deleted' });

    clock.advance(24 * HOUR);
    await someEvent(cookie);
    const [, after] = await receiver.waitFor('/rotating', 2);
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifyWebhook(rotated.body.secret as string, after)).toMatchObject({ type: 'image.deleted' });
    expect(() => verifyWebhook(rotating.secret, after)).toThrow('No matching signature');
    const view = await request(hub.http).get(`/v1/webhooks/endpoints/${rotating.id}`).set('Cookie', cookie).expect(200);
    expect(view.body.previousSecretValidUntil).toBeNull();
    expect(view.body).not.toHaveProperty('secret');
  });

  it('replays one delivery, and all failed ones since a time, with the same webhook-id and body', async () => {
    const { cookie } = await newAccount(hub);
    const replaying = await endpoint(cookie, '/replay');
    await someEvent(cookie);
    const [first] = await receiver.waitFor('/replay', 1);
    const [delivered] = await waitForDeliveries(hub, cookie, replaying.id, ([only]) => only?.status === 'delivered');
    await request(hub.http).post(`/v1/webhooks/deliveries/${delivered.id}/replay`).set('Cookie', cookie).expect(202);
    const [, again] = await receiver.waitFor('/replay', 2);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.body).toBe(first.body);
    expect(verifyWebhook(replaying.secret, again)).toMatchObject({ type: 'image.deleted' });

    // Two messages fail for good (8 attempts each); the receiver recovers; only those since `since` are replayed.
    const failing = await endpoint(cookie, '/recovering');
    receiver.answer('/recovering', [], 500);
    const sweep = (): Promise<number> => hub.app.get(WebhookDeliveryService).sweep();
    await someEvent(cookie);
    clock.advance(60_000);
    const since = clock.now();
    await someEvent(cookie);
    await waitForDeliveries(
      hub,
      cookie,
      failing.id,
      (all) => all.length === 2 && all.every((entry) => entry.attempts === 1),
    );
    for (let attempt = 2; attempt <= 8; attempt++) {
      clock.advance(10 * HOUR);
      await sweep();
      await waitForDeliveries(hub, cookie, failing.id, (all) => all.every((entry) => entry.attempts === attempt));
    }
    const failed = await deliveriesOf(hub, cookie, failing.id);
    expect(failed.map((entry) => entry.status)).toEqual(['failed', 'failed']);

    receiver.answer('/recovering', [], 200);
    const replayed = await request(hub.http)
      .post(`/v1/webhooks/endpoints/${failing.id}/replay-failed`)
      .set('Cookie', cookie)
      .send({ since: since.toISOString() })
      .expect(202);
    expect(replayed.body).toEqual({ replayed: 1 });
    const after = await waitForDeliveries(hub, cookie, failing.id, (all) =>
      all.some((entry) => entry.status === 'delivered'),
    );
    const newest = after.find((entry) => Date.parse(entry.createdAt) >= since.getTime())!;
    expect(newest).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(after.find((entry) => entry !== newest)!.status).toBe('failed');
    const lastArrived = receiver.at('/recovering').at(-1)!;
    expect(lastArrived.headers['webhook-id']).toBe(newest.eventId);
    expect(
      receiver.at('/recovering').filter((webhook) => webhook.headers['webhook-id'] === newest.eventId),
    ).toHaveLength(9);
  });
});
