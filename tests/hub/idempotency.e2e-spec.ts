import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { RetentionService } from '../../apps/hub/src/modules/privacy/retention.service';
import { ManualClock, newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';

describe.each(['server', 'embedded'] as const)('POST /v1/images with an Idempotency-Key (%s)', (mode) => {
  let hub: TestHub;
  let cat: Buffer;
  let coffee: Buffer;
  const clock = new ManualClock(new Date('2026-12-06T12:00:00Z'));

  beforeAll(async () => {
    hub = await startTestHub({ mode, clock });
    [cat, coffee] = await Promise.all([readFile(join(PHOTOS, 'chelsea.jpg')), readFile(join(PHOTOS, 'coffee.jpg'))]);
  });
  afterAll(() => hub.close());

  const database = () => hub.app.get<Database>(DATABASE);
  const imagesOf = async (ownerKey: string) =>
    (await request(hub.http).get('/v1/images?limit=100').set('Authorization', `Bearer ${ownerKey}`).expect(200)).body
      .items as Array<{ id: string }>;
  const upload = (apiKey: string, key: string, photo: Buffer, query = '') =>
    request(hub.http)
      .post(`/v1/images${query}`)
      .set('Authorization', `Bearer ${apiKey}`)
      .set('Idempotency-Key', key)
      .attach('file', photo, 'photo.jpg');

  it('answers a retry with the same key and request as the first time, and makes one image', async () => {
    const account = await newAccount(hub);
    const first = await upload(account.apiKey, 'retry-1', cat).expect(202);
    const retry = await upload(account.apiKey, 'retry-1', cat).expect(202);
    expect(retry.body.id).toBe(first.body.id);
    expect(await imagesOf(account.apiKey)).toHaveLength(1);
  });

  it('answers a retry of a wait=true request with the finished image again', async () => {
    const account = await newAccount(hub);
    const first = await upload(account.apiKey, 'wait-1', cat, '?wait=true').expect(200);
    const retry = await upload(account.apiKey, 'wait-1', cat, '?wait=true').expect(200);
    expect(retry.body).toEqual(first.body);
    expect(await imagesOf(account.apiKey)).toHaveLength(1);
  });

  it('refuses the same key with another file or other options with 422, making nothing', async () => {
    const account = await newAccount(hub);
    await upload(account.apiKey, 'reused', cat).expect(202);
    const otherFile = await upload(account.apiKey, 'reused', coffee).expect(422);
    expect(otherFile.body.error.code).toBe('idempotency_key_reused');
    const otherOptions = await upload(account.apiKey, 'reused', cat, '?language=de').expect(422);
    expect(otherOptions.body.error.code).toBe('idempotency_key_reused');
    expect(await imagesOf(account.apiKey)).toHaveLength(1);
  });

  it('makes one image from concurrent duplicates: the others get that image or are told to retry', async () => {
    const account = await newAccount(hub);
    // Four at once: the per-owner upload admission (TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER) would answer a fifth 429 itself.
    const answers = await Promise.all(Array.from({ length: 4 }, () => upload(account.apiKey, 'concurrent', cat)));
    const images = await imagesOf(account.apiKey);
    expect(images).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 202) expect(answer.body.id).toBe(images[0].id);
      else
        expect({
          status: answer.status,
          code: answer.body.error.code,
          retryAfter: answer.headers['retry-after'],
        }).toEqual({ status: 409, code: 'idempotency_key_in_progress', retryAfter: '1' });
    }
    expect(answers.filter((answer) => answer.status === 202).length).toBeGreaterThanOrEqual(1);
  });

  it('keeps keys apart per owner, and frees a key whose request failed', async () => {
    const alice = await newAccount(hub);
    const bob = await newAccount(hub);
    const aliceImage = await upload(alice.apiKey, 'shared-key', cat).expect(202);
    const bobImage = await upload(bob.apiKey, 'shared-key', coffee).expect(202);
    expect(bobImage.body.id).not.toBe(aliceImage.body.id);

    const refused = await upload(alice.apiKey, 'after-a-failure', Buffer.from('%PDF-1.4 not a photo')).expect(415);
    expect(refused.body.error.code).not.toMatch(/idempotency/);
    await upload(alice.apiKey, 'after-a-failure', cat).expect(202);
  });

  it('refuses a malformed key with 400 before anything is made', async () => {
    const account = await newAccount(hub);
    for (const key of ['', 'has space', 'ü-non-ascii', 'x'.repeat(256)]) {
      const answer = await request(hub.http)
        .post('/v1/images')
        .set('Authorization', `Bearer ${account.apiKey}`)
        .set('Idempotency-Key', key)
        .attach('file', cat, 'cat.jpg');
      expect({ key, status: answer.status, code: answer.body.error?.code }).toEqual({
        key,
        status: 400,
        code: 'invalid_idempotency_key',
      });
    }
    expect(await imagesOf(account.apiKey)).toHaveLength(0);
  });

  it('forgets a key after 24 hours: the retention sweep deletes it, and the key makes a new image', async () => {
    const account = await newAccount(hub);
    const first = await upload(account.apiKey, 'day-old', cat).expect(202);
    clock.advance(24 * 3600 * 1000 + 1000);
    await hub.app.get(RetentionService).sweep();
    expect(await database().prisma.idempotencyKey.count({ where: { key: 'day-old' } })).toBe(0);
    const later = await upload(account.apiKey, 'day-old', cat).expect(202);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
