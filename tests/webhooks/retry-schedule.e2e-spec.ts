import request from 'supertest';
import { webhookEventSchema } from '@tagphoto/contracts';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { WebhookDeliveryService } from '../../apps/hub/src/modules/webhooks/webhook-delivery.service';
import { ManualClock, newAccount, TestHub } from '../support/hub';
import {
  eventually,
  ownerIdOf,
  startHubForReceivers,
  verifyWebhook,
  waitForDeliveries,
  WebhookReceiver,
} from './webhook-receiver';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
/** The delays before attempts 2..8: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const RETRY_DELAYS = [5 * SECOND, 300 * SECOND, 1800 * SECOND, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

describe('webhook retries follow the schedule (clock controlled)', () => {
  const clock = new ManualClock(new Date('2026-11-29T08:00:00Z'));
  const receiver = new WebhookReceiver(clock);
  let hub: TestHub;
  let sweep: () => Promise<number>;

  beforeAll(async () => {
    await receiver.start();
    // Only the test sweeps: the background sweep would race the clock moves.
    hub = await startHubForReceivers(clock);
    const deliveries = hub.app.get(WebhookDeliveryService);
    sweep = () => deliveries.sweep();
  });
  afterAll(async () => {
    await hub.close();
    await receiver.stop();
  });

  it('tries 8 times (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) with one webhook-id, then gives up; five days of failures disable the endpoint and tell the owner', async () => {
    const { cookie } = await newAccount(hub);
    const ownerId = await ownerIdOf(hub, cookie);
    receiver.answer('/down', [], 503);
    const created = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', cookie)
      .send({ url: receiver.url('/down'), events: ['image.deleted'] })
      .expect(201);
    const endpointId = created.body.id as string;
    const imageId = '3f1c2b1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

    await hub.app.get(ImageEvents).emit('image.deleted', { ownerId, imageId });
    let [delivery] = await waitForDeliveries(hub, cookie, endpointId, ([only]) => only?.attempts === 1);
    let lastAttemptAt = clock.now();

    for (const [index, delay] of RETRY_DELAYS.entries()) {
      const attempt = index + 2;
      expect(delivery.status).toBe('pending');
      expect(delivery.lastStatusCode).toBe(503);
      expect(delivery.lastResponse).toBe('answered 503');
      expect(Date.parse(delivery.nextAttemptAt!) - lastAttemptAt.getTime()).toBe(delay);
      clock.advance(delay - SECOND);
      expect(await sweep()).toBe(0);
      clock.advance(SECOND);
      expect(await sweep()).toBe(1);
      lastAttemptAt = clock.now();
      [delivery] = await waitForDeliveries(hub, cookie, endpointId, ([only]) => only?.attempts === attempt);
    }
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null, lastStatusCode: 503 });
    clock.advance(24 * HOUR);
    expect(await sweep()).toBe(0);

    const arrived = receiver.at('/down');
    expect(arrived).toHaveLength(8);
    expect(new Set(arrived.map((webhook) => webhook.headers['webhook-id']))).toEqual(new Set([delivery.eventId]));
    for (const webhook of arrived) {
      expect(webhookEventSchema.parse(verifyWebhook(created.body.secret as string, webhook))).toMatchObject({
        type: 'image.deleted',
        data: { imageId },
      });
      expect(Number(webhook.headers['webhook-timestamp'])).toBe(Math.floor(webhook.receivedAt.getTime() / 1000));
    }
    const gaps = arrived
      .slice(1)
      .map((webhook, index) => webhook.receivedAt.getTime() - arrived[index].receivedAt.getTime());
    expect(gaps).toEqual(RETRY_DELAYS);

    // Failing since the first attempt (~29 h ago) is not yet five days: still enabled.
    const failing = await request(hub.http)
      .get(`/v1/webhooks/endpoints/${endpointId}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(failing.body).toMatchObject({ enabled: true, failingSince: arrived[0].receivedAt.toISOString() });

    clock.advance(5 * 24 * HOUR);
    await hub.app.get(ImageEvents).emit('image.deleted', { ownerId, imageId });
    await receiver.waitFor('/down', 9);
    await eventually(async () => {
      const audit = await request(hub.http).get('/v1/audit-events').set('Cookie', cookie).expect(200);
      expect(audit.body).toContainEqual(
        expect.objectContaining({
          type: 'webhook_endpoint.disabled',
          detail: expect.objectContaining({ id: endpointId }),
        }),
      );
    });
    const disabled = await request(hub.http)
      .get(`/v1/webhooks/endpoints/${endpointId}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(disabled.body.enabled).toBe(false);
    expect(disabled.body.disabledReason).toContain('failed since');

    // The new delivery's retry finds the endpoint disabled and is given up without being sent.
    clock.advance(5 * SECOND);
    expect(await sweep()).toBe(1);
    const deliveries = await waitForDeliveries(hub, cookie, endpointId, (all) =>
      all.every((entry) => entry.status === 'failed'),
    );
    expect(deliveries[0]).toMatchObject({ attempts: 1, lastError: 'The endpoint is disabled or was deleted.' });
    expect(receiver.at('/down')).toHaveLength(9);
  });
});
