import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { errorSchema, imageHistorySchema, imageSchema } from '@tagphoto/contracts';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { ImageRepository } from '../../apps/hub/src/modules/images/image.repository';
import { RetentionService } from '../../apps/hub/src/modules/privacy/retention.service';
import { ReviewPublishers } from '../../apps/hub/src/modules/review/review-publishers';
import { ReviewService } from '../../apps/hub/src/modules/review/review.service';
import { ManualClock, newAccount, PHOTOS, REPO_ROOT, startTestHub, TestHub, waitForImage } from '../support/hub';
import { until } from '../support/until';

type Account = Awaited<ReturnType<typeof newAccount>>;

/** The engine names no certain subject in this close-up of an apple and asks for a person. */
const FLAGGED = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');
const DAY = 24 * 60 * 60 * 1000;
const PUBLISHING = 'history-test-publishes';
const FAILING = 'history-test-fails';

async function upload(hub: TestHub, account: Account, photo: Buffer, via: 'session' | 'api-key' = 'session') {
  const auth = via === 'session' ? { Cookie: account.cookie } : { Authorization: `Bearer ${account.apiKey}` };
  const done = await request(hub.http)
    .post('/v1/images?wait=true')
    .set(auth)
    .attach('file', photo, 'photo.jpg')
    .expect(200);
  return imageSchema.parse(done.body);
}

async function historyOf(hub: TestHub, account: Account, id: string) {
  const response = await request(hub.http).get(`/v1/images/${id}/history`).set('Cookie', account.cookie).expect(200);
  return imageHistorySchema.parse(response.body).items;
}

describe.each(['server', 'embedded'] as const)('re-tagging an image and its history, %s mode', (mode) => {
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(() => hub.close());

  it('tags the kept bytes again in another language, keeps what a person edited, and records each step', async () => {
    const owner = await newAccount(hub);
    const first = await upload(hub, owner, photo);
    expect(first.result?.language).toBe('en');
    await request(hub.http)
      .patch(`/v1/images/${first.id}`)
      .set('Cookie', owner.cookie)
      .send({ altText: 'Chelsea the cat, looking up' })
      .expect(200);

    const accepted = await request(hub.http)
      .post(`/v1/images/${first.id}/retag`)
      .set('Cookie', owner.cookie)
      .send({ language: 'de' })
      .expect(202);
    const queued = imageSchema.parse(accepted.body);
    // The current result stays readable while the image is tagged again.
    expect(queued.status).toBe('queued');
    expect(queued.result?.altText).toBe('Chelsea the cat, looking up');

    const after = imageSchema.parse(await waitForImage(hub, owner.apiKey, first.id));
    expect(after.status).toBe('done');
    expect(after.result?.language).toBe('de');
    expect(after.result?.altText).toBe('Chelsea the cat, looking up');
    expect(after.result?.editedFields).toEqual(['altText']);
    expect(after.result?.title).not.toBe(first.result?.title);
    expect(after.result?.description).not.toBe(first.result?.description);
    // The gallery's language filter follows the image's new language.
    const german = await request(hub.http).get('/v1/images?language=de').set('Cookie', owner.cookie).expect(200);
    expect(german.body.items.map((image: { id: string }) => image.id)).toEqual([first.id]);

    const history = await historyOf(hub, owner, first.id);
    expect(history.map((entry) => entry.kind)).toEqual(['tagged', 'edited', 'retagged']);
    const [tagged, edited, retagged] = history;
    expect(tagged).toMatchObject({ language: 'en', fields: [], connector: null });
    expect(tagged.engine).toBe(first.result?.models.engine);
    expect(edited).toMatchObject({ fields: ['altText'], engine: null, language: null });
    expect(retagged).toMatchObject({ language: 'de', fields: ['altText'] });
    expect(Date.parse(tagged.at)).toBeLessThanOrEqual(Date.parse(edited.at));
    expect(Date.parse(edited.at)).toBeLessThanOrEqual(Date.parse(retagged.at));

    // Without a language the image is tagged again in the one it has now.
    await request(hub.http).post(`/v1/images/${first.id}/retag`).set('Cookie', owner.cookie).expect(202);
    const again = imageSchema.parse(await waitForImage(hub, owner.apiKey, first.id));
    expect(again.result?.language).toBe('de');
    expect((await historyOf(hub, owner, first.id)).map((entry) => entry.kind)).toEqual([
      'tagged',
      'edited',
      'retagged',
      'retagged',
    ]);
  });
});

describe('re-tagging refusals and the history of decisions and write-backs', () => {
  let hub: TestHub;
  let photo: Buffer;
  let flaggedPhoto: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server' });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
    flaggedPhoto = await readFile(FLAGGED);
    const publishers = hub.app.get(ReviewPublishers);
    publishers.register({ provider: PUBLISHING, publishes: ['altText'], publish: () => Promise.resolve() });
    publishers.register({
      provider: FAILING,
      publishes: ['altText', 'tags'],
      publish: () => Promise.reject(new Error('the shop is down')),
    });
  });
  afterAll(() => hub.close());

  it('answers 409 naming the cause when the bytes are gone, and while the image is being tagged', async () => {
    const owner = await newAccount(hub);
    // An API upload keeps no bytes by default (store=false): only the result remains.
    const ephemeral = await upload(hub, owner, photo, 'api-key');
    const notKept = await request(hub.http)
      .post(`/v1/images/${ephemeral.id}/retag`)
      .set('Authorization', `Bearer ${owner.apiKey}`)
      .send({ language: 'fr' })
      .expect(409);
    expect(errorSchema.parse(notKept.body).error).toEqual({
      code: 'not_stored',
      message: expect.stringContaining('its bytes were not kept (store=false'),
    });

    // A dashboard upload is kept, until the owner's retention deletes the bytes after tagging.
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', owner.cookie)
      .send({ retention: { mode: 'delete_after_processing' }, analyticsOptOut: false, marketingOptOut: false })
      .expect(200);
    const deleted = await upload(hub, owner, photo);
    const gone = await request(hub.http).post(`/v1/images/${deleted.id}/retag`).set('Cookie', owner.cookie).expect(409);
    expect(gone.body.error).toEqual({
      code: 'not_stored',
      message: expect.stringContaining('its bytes were deleted by your retention setting'),
    });
    // Nothing changed: the result is still the first one, in its language, and no re-tag was recorded.
    const unchanged = imageSchema.parse(
      (await request(hub.http).get(`/v1/images/${deleted.id}`).set('Cookie', owner.cookie).expect(200)).body,
    );
    expect(unchanged).toMatchObject({ status: 'done', result: { language: 'en' } });
    expect((await historyOf(hub, owner, deleted.id)).map((entry) => entry.kind)).toEqual(['tagged']);

    // While it is still being tagged, a second tagging is refused.
    const kept = await newAccount(hub);
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Cookie', kept.cookie)
      .attach('file', photo, 'photo.jpg')
      .expect(202);
    const busy = await request(hub.http)
      .post(`/v1/images/${accepted.body.id as string}/retag`)
      .set('Cookie', kept.cookie)
      .expect(409);
    expect(busy.body.error.code).toBe('tagging_in_progress');
    await waitForImage(hub, kept.apiKey, accepted.body.id as string);
  });

  it("answers 404 for another owner's image and refuses a language the engine does not write", async () => {
    const owner = await newAccount(hub);
    const stranger = await newAccount(hub);
    const image = await upload(hub, owner, photo);
    await request(hub.http)
      .post(`/v1/images/${image.id}/retag`)
      .set('Cookie', stranger.cookie)
      .send({ language: 'de' })
      .expect(404);
    await request(hub.http)
      .post(`/v1/images/${image.id}/retag`)
      .set('Authorization', `Bearer ${stranger.apiKey}`)
      .expect(404);
    await request(hub.http).get(`/v1/images/${image.id}/history`).set('Cookie', stranger.cookie).expect(404);
    const badLanguage = await request(hub.http)
      .post(`/v1/images/${image.id}/retag`)
      .set('Cookie', owner.cookie)
      .send({ language: 'xx' })
      .expect(400);
    expect(badLanguage.body.error.message).toMatch(/^language: /);
    await request(hub.http)
      .post(`/v1/images/${image.id}/retag`)
      .set('Cookie', owner.cookie)
      .send({ language: 'de', colours: true })
      .expect(400);
    // None of it touched the owner's image.
    const after = await request(hub.http).get(`/v1/images/${image.id}`).set('Cookie', owner.cookie).expect(200);
    expect(after.body).toMatchObject({ status: 'done', result: { language: 'en' } });
    expect((await historyOf(hub, owner, image.id)).map((entry) => entry.kind)).toEqual(['tagged']);
  });

  it('records decisions in the review queue, and whether the write-back to the source succeeded or failed', async () => {
    const owner = await newAccount(hub);
    const me = await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie).expect(200);
    const ownerId = me.body.id as string;
    const approved = await upload(hub, owner, flaggedPhoto);
    const rejected = await upload(hub, owner, flaggedPhoto);
    const rewritten = await upload(hub, owner, flaggedPhoto);
    await request(hub.http).post(`/v1/review/${approved.id}/approve`).set('Cookie', owner.cookie).expect(200);
    await request(hub.http).post(`/v1/review/${rejected.id}/reject`).set('Cookie', owner.cookie).expect(200);
    await request(hub.http)
      .post(`/v1/review/${rewritten.id}/edit`)
      .set('Cookie', owner.cookie)
      .send({ title: 'Apple' })
      .expect(200);
    expect((await historyOf(hub, owner, approved.id)).map((entry) => entry.kind)).toEqual([
      'tagged',
      'review_approved',
    ]);
    expect((await historyOf(hub, owner, rejected.id)).map((entry) => entry.kind)).toEqual([
      'tagged',
      'review_rejected',
    ]);
    const rewrite = await historyOf(hub, owner, rewritten.id);
    expect(rewrite.map(({ kind, fields }) => ({ kind, fields }))).toEqual([
      { kind: 'tagged', fields: [] },
      { kind: 'review_edited', fields: ['title'] },
      { kind: 'edited', fields: ['title'] },
    ]);

    // Two shop items: one whose connector writes the edit back, one whose connector keeps failing.
    const connections = hub.app.get(ConnectionRepository);
    const good = await connections.upsert(ownerId, PUBLISHING, `good-${ownerId}`, {});
    const bad = await connections.upsert(ownerId, FAILING, `bad-${ownerId}`, {});
    const publishedImage = await upload(hub, owner, photo);
    const failedImage = await upload(hub, owner, photo);
    await connections.setItem(ownerId, good.id, 'item-good', 'hash', publishedImage.id, new Date());
    await connections.setItem(ownerId, bad.id, 'item-bad', 'hash', failedImage.id, new Date());
    for (const id of [publishedImage.id, failedImage.id])
      await request(hub.http)
        .patch(`/v1/images/${id}`)
        .set('Cookie', owner.cookie)
        .send({ altText: 'A tabby cat on the floor' })
        .expect(200);

    await until('the write-back recorded', async () =>
      (await historyOf(hub, owner, publishedImage.id)).some((entry) => entry.kind === 'published'),
    );
    expect((await historyOf(hub, owner, publishedImage.id)).slice(1)).toEqual([
      expect.objectContaining({ kind: 'edited', fields: ['altText'] }),
      expect.objectContaining({ kind: 'published', connector: PUBLISHING, fields: ['altText'] }),
    ]);
    // A failure is recorded once, when the job gives up after its retries, not on every attempt.
    await until('the failed write-back recorded', async () =>
      (await historyOf(hub, owner, failedImage.id)).some((entry) => entry.kind === 'publish_failed'),
    );
    expect((await historyOf(hub, owner, failedImage.id)).slice(1)).toEqual([
      expect.objectContaining({ kind: 'edited', fields: ['altText'] }),
      expect.objectContaining({ kind: 'publish_failed', connector: FAILING, fields: ['altText', 'tags'] }),
    ]);
    // A held suggestion's rejection through the connector's own review list is recorded too.
    const heldImage = await upload(hub, owner, flaggedPhoto);
    await connections.setItem(ownerId, good.id, 'item-held', 'hash', heldImage.id, new Date());
    const review = hub.app.get(ReviewService);
    await review.hold(ownerId, {
      imageId: heldImage.id,
      connectionId: good.id,
      externalId: 'item-held',
      reasons: ['no certain subject'],
      altText: 'A red apple',
      context: null,
      imageUrl: null,
    });
    await review.reject(ownerId, good.id, heldImage.id);
    expect((await historyOf(hub, owner, heldImage.id)).map((entry) => entry.kind)).toEqual([
      'tagged',
      'review_rejected',
    ]);
  });

  it('stores only kinds, field names and codes: no result text in the history table, and it goes with the image', async () => {
    const owner = await newAccount(hub);
    const image = await upload(hub, owner, photo);
    await request(hub.http)
      .patch(`/v1/images/${image.id}`)
      .set('Cookie', owner.cookie)
      .send({ altText: 'A secret description of the cat', title: 'Secret title' })
      .expect(200);
    await request(hub.http).post(`/v1/images/${image.id}/retag`).set('Cookie', owner.cookie).expect(202);
    await waitForImage(hub, owner.apiKey, image.id);
    const database = hub.app.get<Database>(DATABASE);
    const rows = JSON.stringify(
      await database.prisma.$queryRaw`SELECT row_to_json(h)::text FROM "ImageHistoryEntry" h`,
    );
    expect(rows).toContain(image.id);
    for (const text of ['secret', 'Secret', image.result!.title, image.result!.altText, image.result!.description])
      expect(rows).not.toContain(text);
    await request(hub.http).delete(`/v1/images/${image.id}`).set('Cookie', owner.cookie).expect(204);
    const left = JSON.stringify(
      await database.prisma.$queryRaw`SELECT row_to_json(h)::text FROM "ImageHistoryEntry" h`,
    );
    expect(left).not.toContain(image.id);
  });
});

describe('re-tagging under a retention period', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'embedded', clock });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(() => hub.close());

  it('never extends how long the bytes are kept, and answers 409 once retention deleted them', async () => {
    const owner = await newAccount(hub);
    const ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie).expect(200)).body
      .id as string;
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', owner.cookie)
      .send({ retention: { mode: 'days', days: 1 }, analyticsOptOut: false, marketingOptOut: false })
      .expect(200);
    const image = await upload(hub, owner, photo);
    const records = hub.app.get(ImageRepository);
    const due = (await records.get(ownerId, image.id))!.expiresAt;
    expect(due).toEqual(new Date(clock.now().getTime() + DAY));

    // Half a day later the image is tagged again: its bytes are still due when they were before.
    clock.advance(DAY / 2);
    await request(hub.http).post(`/v1/images/${image.id}/retag`).set('Cookie', owner.cookie).expect(202);
    await waitForImage(hub, owner.apiKey, image.id);
    expect((await records.get(ownerId, image.id))!.expiresAt).toEqual(due);

    // Past the day the sweep deletes the bytes; tagging again is refused, naming retention.
    clock.advance(DAY / 2 + 1000);
    await hub.app.get(RetentionService).sweep();
    const refused = await request(hub.http)
      .post(`/v1/images/${image.id}/retag`)
      .set('Cookie', owner.cookie)
      .expect(409);
    expect(refused.body.error).toEqual({
      code: 'not_stored',
      message: expect.stringContaining('deleted by your retention setting'),
    });
    expect((await historyOf(hub, owner, image.id)).map((entry) => entry.kind)).toEqual(['tagged', 'retagged']);
  });
});
