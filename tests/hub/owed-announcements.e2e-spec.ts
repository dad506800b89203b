import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { QUEUE_DRIVER, type QueueDriver } from '../../apps/hub/src/jobs/queue-driver';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { ImageRecovery } from '../../apps/hub/src/modules/tagging/image-recovery';
import { outcomeEventId } from '../../apps/hub/src/modules/webhooks/webhook-delivery.repository';
import { newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';

/**
 * A worker that dies after recording an outcome but before announcing it (the image.tagged event that feeds
 * webhooks) must not lose the announcement: the job's retry or the recovery sweep makes it. An announcement
 * made twice (a sweep that raced the live worker) still reaches each webhook endpoint once.
 */
describe('an outcome recorded by a worker that died before announcing it', () => {
  let hub: TestHub;
  let photo: Buffer;
  const announced: string[] = [];

  beforeAll(async () => {
    // The endpoint of the last test is on 127.0.0.1; its deliveries are only counted, never awaited.
    hub = await startTestHub({ mode: 'embedded', env: { TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    hub.app.get(ImageEvents).on('image.tagged', async ({ image }) => void announced.push(image.id));
  });
  afterAll(() => hub.close());

  /** Tags a photo for real, then puts its row back the way a worker killed right after `markDone` leaves it. */
  async function taggedButUnannounced(account?: { apiKey: string }): Promise<{ id: string; apiKey: string }> {
    const { apiKey } = account ?? (await newAccount(hub));
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'coffee.jpg')
      .expect(200);
    const id = done.body.id as string;
    const prisma = hub.app.get<Database>(DATABASE).prisma;
    expect((await prisma.image.findUniqueOrThrow({ where: { id } })).announcedAt).toBeInstanceOf(Date);
    await prisma.image.update({ where: { id }, data: { announcedAt: null } });
    return { id, apiKey };
  }

  const announcementsOf = (id: string) => announced.filter((announcedId) => announcedId === id).length;

  it('is announced by the retried job, exactly once, without tagging the image again', async () => {
    const { id, apiKey } = await taggedButUnannounced();
    const before = await request(hub.http).get(`/v1/images/${id}`).set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(announcementsOf(id)).toBe(1);

    const queue = hub.app.get<QueueDriver>(QUEUE_DRIVER);
    const ownerId = (await hub.app.get<Database>(DATABASE).prisma.image.findUniqueOrThrow({ where: { id } })).ownerId;
    for (const jobId of ['retry-1', 'retry-2']) {
      await queue.dispatch('tag-image', { imageId: id, ownerId }, `${id}.${jobId}`);
      await queue.waitUntilFinished('tag-image', `${id}.${jobId}`, 30_000);
    }

    expect(announcementsOf(id)).toBe(2);
    const after = await request(hub.http).get(`/v1/images/${id}`).set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('is found by the recovery sweep and announced', async () => {
    const { id } = await taggedButUnannounced();
    expect(announcementsOf(id)).toBe(1);

    const recovery = hub.app.get(ImageRecovery);
    const dispatched = await recovery.recover(new Date(Date.now() + 60_000));
    expect(dispatched).toBe(1);
    await hub.app.get<QueueDriver>(QUEUE_DRIVER).waitUntilFinished('tag-image', `${id}.announce`, 30_000);

    expect(announcementsOf(id)).toBe(2);
    const row = await hub.app.get<Database>(DATABASE).prisma.image.findUniqueOrThrow({ where: { id } });
    expect(row.announcedAt).toBeInstanceOf(Date);
    expect(await recovery.recover(new Date(Date.now() + 60_000))).toBe(0);
  });

  it('reaches a webhook endpoint once, under one webhook-id, however often it is announced', async () => {
    const account = await newAccount(hub);
    const endpoint = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', account.cookie)
      .send({ url: 'http://127.0.0.1:9/owed' })
      .expect(201);
    const { id } = await taggedButUnannounced(account);
    const prisma = hub.app.get<Database>(DATABASE).prisma;
    const { ownerId, finishedAt } = await prisma.image.findUniqueOrThrow({ where: { id } });

    const queue = hub.app.get<QueueDriver>(QUEUE_DRIVER);
    await queue.dispatch('tag-image', { imageId: id, ownerId }, `${id}.retry`);
    await queue.waitUntilFinished('tag-image', `${id}.retry`, 30_000);
    // What a sweep racing the live worker does: the outcome is announced once more.
    await prisma.image.update({ where: { id }, data: { announcedAt: null } });
    expect(await hub.app.get(ImageRecovery).recover(new Date(Date.now() + 60_000))).toBe(1);
    await queue.waitUntilFinished('tag-image', `${id}.announce`, 30_000);

    expect(announcementsOf(id)).toBe(3);
    const deliveries = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.body.id as string } });
    expect(deliveries.map((delivery) => [delivery.eventType, delivery.eventId])).toEqual([
      ['image.tagged', outcomeEventId(id, 'image.tagged', finishedAt!)],
    ]);
  });
});
