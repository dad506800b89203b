import request from 'supertest';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { WebhookDeliveryService } from '../../apps/hub/src/modules/webhooks/webhook-delivery.service';
import { ManualClock, newAccount, startTestHub, TestHub } from '../support/hub';
import { ownerIdOf, verifyWebhook, waitForDeliveries, WebhookReceiver } from './webhook-receiver';

describe('outgoing webhooks on the embedded default (PGlite + in-process jobs)', () => {
  const clock = new ManualClock(new Date('2026-11-29T08:00:00Z'));
  const receiver = new WebhookReceiver(clock);
  let hub: TestHub;

  beforeAll(async () => {
    await receiver.start();
    hub = await startTestHub({
      mode: 'embedded',
      clock,
      env: { TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1', TAGPHOTO_WEBHOOK_SWEEP_MS: '3600000' },
    });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.stop();
  });

  it('delivers, retries after a failure when the retry is due, and keeps the webhook-id', async () => {
    const { cookie } = await newAccount(hub);
    const created = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', cookie)
      .send({ url: receiver.url('/embedded') })
      .expect(201);
    receiver.answer('/embedded', [500]);
    const events = hub.app.get(ImageEvents);
    await events.emit('image.deleted', {
      ownerId: await ownerIdOf(hub, cookie),
      imageId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    });
    await waitForDeliveries(hub, cookie, created.body.id as string, ([only]) => only?.attempts === 1);
    clock.advance(5000);
    expect(await hub.app.get(WebhookDeliveryService).sweep()).toBe(1);
    const [delivery] = await waitForDeliveries(
      hub,
      cookie,
      created.body.id as string,
      ([only]) => only?.status === 'delivered',
    );
    expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 200 });
    const [first, second] = await receiver.waitFor('/embedded', 2);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verifyWebhook(created.body.secret as string, second)).toMatchObject({ type: 'image.deleted' });
  });
});
