import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { QUEUE_DRIVER, type QueueDriver } from '../../apps/hub/src/jobs/queue-driver';
import { ImageEvents } from '../../apps/hub/src/modules/images/image-events';
import { ImageRecovery } from '../../apps/hub/src/modules/tagging/image-recovery';
import { newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';

/**
 * A worker that dies after recording an outcome but before announcing it (the image.tagged event that feeds
 * webhooks) must not lose the announcement: the job's retry or the recovery sweep makes it, once.
 */
describe('an outcome recorded by a worker that died before announcing it', () => {
  let hub: TestHub;
  let photo: Buffer;
  const announced: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'embedded' });
    photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    hub.app.get(ImageEvents).on('image.tagged', async ({ image }) => void announced.push(image.id));
  });
  afterAll(() => hub.close());

  /** Tags a photo for real, then puts its row back the way a worker killed right after `markDone` leaves it. */
  async function taggedButUnannounced(): Promise<{ id: string; apiKey: string }> {
    const { apiKey } = await newAccount(hub);
    const done = await request(hub.http).post('/v1/images?wait=true').set('Authorization', `Bearer ${apiKey}`).attach('file', photo, 'coffee.jpg').expect(200);
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
});
