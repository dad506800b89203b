import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Database } from '../../apps/hub/src/database/database';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import { RetentionService } from '../../apps/hub/src/modules/privacy/retention.service';
import { ManualClock, newAccount, PHOTOS, startTestHub, TestHub, waitForImage } from '../support/hub';
import { until } from '../support/until';

const DAY_MS = 24 * 3600 * 1000;

async function blobFiles(hub: TestHub): Promise<string[]> {
  const entries = await readdir(join(hub.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe.each(['server', 'embedded'] as const)('retention (%s mode)', (mode) => {
  let hub: TestHub;
  let photo: Buffer;
  const clock = new ManualClock(new Date('2026-11-29T10:00:00Z'));

  beforeAll(async () => {
    hub = await startTestHub({ mode, clock });
    photo = await readFile(join(PHOTOS, 'coffee.jpg'));
  });
  afterAll(() => hub.close());

  async function storedImage(cookie: string): Promise<string> {
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Cookie', cookie)
      .attach('file', photo, 'coffee.jpg')
      .expect(202);
    return accepted.body.id as string;
  }

  /**
   * Waits until the image's tagging job has ended: past "done", which shows before the job applies retention (deletes
   * the bytes, sets the retention date) and announces the result, until the announcement is recorded.
   */
  async function tagged(cookie: string, id: string): Promise<Record<string, unknown>> {
    const image = await waitForImage(hub, '', id, 60_000, cookie);
    const images = hub.app.get<Database>(DATABASE).prisma.image;
    await until('the tagging job to end', async () => (await images.findUnique({ where: { id } }))?.announcedAt);
    return image;
  }

  const setRetention = (cookie: string, retention: object) =>
    request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', cookie)
      .send({ retention, analyticsOptOut: false, marketingOptOut: true })
      .expect(200);

  it('keeps stored images by default', async () => {
    const { cookie } = await newAccount(hub);
    const id = await storedImage(cookie);
    await tagged(cookie, id);
    await request(hub.http).get(`/v1/images/${id}/file`).set('Cookie', cookie).expect(200);
  });

  it('with "delete after processing", the bytes are gone once the job ends and the result stays', async () => {
    const { cookie } = await newAccount(hub);
    await setRetention(cookie, { mode: 'delete_after_processing' });
    const id = await storedImage(cookie);
    const image = await tagged(cookie, id);
    expect(image.status).toBe('done');
    expect((image.result as { tags: unknown[] }).tags.length).toBeGreaterThan(0);
    await request(hub.http).get(`/v1/images/${id}/file`).set('Cookie', cookie).expect(410);
    expect(await blobFiles(hub)).not.toContainEqual(expect.stringContaining(id));
  });

  it('with "1 day", the bytes survive the first day and are deleted once the clock passes it', async () => {
    const { cookie } = await newAccount(hub);
    await setRetention(cookie, { mode: 'days', days: 1, deleteResults: false });
    const id = await storedImage(cookie);
    await tagged(cookie, id);
    const sweeper = hub.app.get(RetentionService);

    clock.advance(DAY_MS - 60_000);
    await sweeper.sweep();
    await request(hub.http).get(`/v1/images/${id}/file`).set('Cookie', cookie).expect(200);

    clock.advance(2 * 60_000);
    await sweeper.sweep();
    await request(hub.http).get(`/v1/images/${id}/file`).set('Cookie', cookie).expect(410);
    const image = await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(200);
    expect(image.body.result.tags.length).toBeGreaterThan(0);
    expect(await blobFiles(hub)).not.toContainEqual(expect.stringContaining(id));
  });

  it('with "1 day" and results included, the whole image is gone after a day', async () => {
    const { cookie } = await newAccount(hub);
    await setRetention(cookie, { mode: 'days', days: 1, deleteResults: true });
    const id = await storedImage(cookie);
    await tagged(cookie, id);
    const searchTerms = () => hub.app.get<Database>(DATABASE).prisma.imageSearchTerm.count({ where: { imageId: id } });
    expect(await searchTerms()).toBeGreaterThan(0);
    clock.advance(DAY_MS + 1000);
    await hub.app.get(RetentionService).sweep();
    await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(404);
    // The keyed hashes of its tags and words go with it.
    expect(await searchTerms()).toBe(0);
  });

  it('keeps only the result of an API upload (store=false), and only for the retention period', async () => {
    const { cookie, apiKey } = await newAccount(hub);
    await setRetention(cookie, { mode: 'days', days: 7, deleteResults: false });
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'c.jpg')
      .expect(200);
    await request(hub.http).get(`/v1/images/${done.body.id}/file`).set('Cookie', cookie).expect(410);
    clock.advance(7 * DAY_MS + 1000);
    await hub.app.get(RetentionService).sweep();
    await request(hub.http).get(`/v1/images/${done.body.id}`).set('Cookie', cookie).expect(404);
  });

  it('applies a new retention setting to images already stored', async () => {
    const { cookie } = await newAccount(hub);
    const id = await storedImage(cookie);
    await tagged(cookie, id);
    await setRetention(cookie, { mode: 'delete_after_processing' });
    await hub.app.get(RetentionService).sweep();
    await request(hub.http).get(`/v1/images/${id}/file`).set('Cookie', cookie).expect(410);
  });

  it('does not bring deleted data back after a restart', async () => {
    const { cookie } = await newAccount(hub);
    await setRetention(cookie, { mode: 'days', days: 1, deleteResults: true });
    const id = await storedImage(cookie);
    await tagged(cookie, id);
    clock.advance(DAY_MS + 1000);
    await hub.app.get(RetentionService).sweep();
    await hub.close({ keepData: true });
    hub = await startTestHub({ mode, clock, restartOf: hub });
    await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(404);
    expect(await blobFiles(hub)).not.toContainEqual(expect.stringContaining(id));
  });

  it('refuses a retention setting it does not know', async () => {
    const { cookie } = await newAccount(hub);
    const response = await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', cookie)
      .send({ retention: { mode: 'forever' }, analyticsOptOut: false, marketingOptOut: true })
      .expect(400);
    expect(response.body.error.message).toMatch(/retention/);
  });
});
