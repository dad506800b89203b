import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Database } from '../../apps/hub/src/database/database';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { ImageTaggingService } from '../../apps/hub/src/modules/tagging/image-tagging.service';
import { WebhookDeliveryService } from '../../apps/hub/src/modules/webhooks/webhook-delivery.service';
import { ManualClock, newAccount, PHOTOS, startTestHub, TestHub, waitForImage } from '../support/hub';
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

  it("hands the images module's outbox row to one callback delivery, however often the outcome is announced", async () => {
    const { apiKey } = await newAccount(hub);
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${apiKey}`)
      .field('callbackUrl', receiver.url('/embedded-callback'))
      .attach('file', await readFile(join(PHOTOS, 'coffee.jpg')), 'coffee.jpg')
      .expect(202);
    const imageId = accepted.body.id as string;
    await receiver.waitFor('/embedded-callback', 1, 60_000);
    const prisma = hub.app.get<Database>(DATABASE).prisma;
    const outbox = await prisma.imageCallback.findUniqueOrThrow({ where: { imageId } });
    expect(outbox).toMatchObject({ callbackUrl: receiver.url('/embedded-callback'), handedOffAt: expect.any(Date) });
    // Announced again as after a crash, first with the row handed off, then as if the mark had never been written.
    const image = await prisma.image.findUniqueOrThrow({ where: { id: imageId } });
    await waitForImage(hub, apiKey, imageId);
    await hub.app.get(ImageTaggingService).announce(image.ownerId, { ...image, status: 'done' });
    await prisma.imageCallback.update({ where: { imageId }, data: { handedOffAt: null } });
    await hub.app.get(ImageTaggingService).announce(image.ownerId, { ...image, status: 'done' });
    expect(await prisma.webhookDelivery.count({ where: { callbackUrl: { not: null }, ownerId: image.ownerId } })).toBe(
      1,
    );
    expect((await prisma.imageCallback.findUniqueOrThrow({ where: { imageId } })).handedOffAt).not.toBeNull();
    expect(receiver.at('/embedded-callback')).toHaveLength(1);
  });
});
