import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { TaggingResult } from '@tagphoto/contracts';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { KeyRotationService } from '../../apps/hub/src/modules/privacy/key-rotation.service';
import { newAccount, PHOTOS, startTestHub, TestHub, tagAndWait } from '../support/hub';

/** The webhook endpoint in the rotation test points at this machine. */
const ALLOW_LOCAL = { TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1' };

async function blobOf(hub: TestHub, imageId: string): Promise<string> {
  const entries = await readdir(join(hub.dataDir, 'blobs'), { recursive: true, withFileTypes: true });
  const match = entries.find((entry) => entry.isFile() && entry.name === imageId);
  if (!match) throw new Error(`no blob for ${imageId}`);
  return join(match.parentPath, match.name);
}

describe('encryption at rest', () => {
  const firstKey = randomBytes(32).toString('base64');
  const secondKey = randomBytes(32).toString('base64');
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server', env: { TAGPHOTO_MASTER_KEY: firstKey, ...ALLOW_LOCAL } });
    photo = await readFile(join(PHOTOS, 'messi5.jpg'));
  });
  afterAll(() => hub.close());

  it('keeps no JPEG signature and no plaintext of the result on disk or in the database', async () => {
    const { cookie } = await newAccount(hub);
    const done = await tagAndWait(hub, cookie, photo, 'match.jpg');
    const { altText, tags } = done.body.result as { altText: string; tags: Array<{ label: string }> };
    const onDisk = await readFile(await blobOf(hub, done.body.id));
    // Runs of the photo's own bytes (its header and a slice), long enough that ciphertext never holds them by chance.
    expect(onDisk.includes(photo.subarray(0, 16))).toBe(false);
    expect(onDisk.includes(photo.subarray(100, 140))).toBe(false);

    const database = hub.app.get<Database>(DATABASE);
    const [row] = await database.prisma.$queryRaw<Array<{ payload: Uint8Array; keyId: string }>>`
      SELECT payload, "keyId" FROM "TaggingResult" WHERE "imageId" = ${done.body.id}::uuid`;
    const stored = Buffer.from(row.payload);
    expect(stored.includes(Buffer.from(altText))).toBe(false);
    for (const tag of tags) expect(stored.includes(Buffer.from(`"${tag.label}"`))).toBe(false);
    expect(row.keyId).toMatch(/^[0-9a-f]{16}$/);

    // What the result is searched by: keyed hashes only, neither the words nor their plain digests.
    const terms = await database.prisma.imageSearchTerm.findMany({ where: { imageId: done.body.id } });
    expect(terms.length).toBeGreaterThan(tags.length);
    const hashes = Buffer.concat(terms.map((term) => Buffer.from(term.hash)));
    expect(hashes).toHaveLength(16 * terms.length);
    // Words of four letters or more: a shorter run of bytes turns up in random hashes by chance.
    const words = [...tags.map((tag) => tag.label), ...altText.split(' ')].filter((word) => word.length >= 4);
    expect(words.length).toBeGreaterThan(0);
    for (const word of words) {
      expect(hashes.includes(Buffer.from(word))).toBe(false);
      expect(hashes.includes(createHash('sha256').update(word.toLowerCase()).digest().subarray(0, 16))).toBe(false);
    }
  });

  it('fails loudly when one byte of a stored image is altered', async () => {
    const { cookie } = await newAccount(hub);
    const done = await tagAndWait(hub, cookie, photo, 'match.jpg');
    const path = await blobOf(hub, done.body.id);
    const sealed = await readFile(path);
    sealed[sealed.length - 100] ^= 0x01;
    await writeFile(path, sealed);
    const response = await request(hub.http).get(`/v1/images/${done.body.id}/file`).set('Cookie', cookie).expect(500);
    expect(response.body.error.code).toBe('decryption_failed');
  });

  it('rotates the master key: old objects stay readable, and after re-wrapping the old key is no longer needed', async () => {
    const { cookie } = await newAccount(hub);
    const ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', cookie)).body.id as string;
    await hub.app
      .get(ConnectionRepository)
      .upsert(ownerId, 'example', `shop-${ownerId}`, { accessToken: 'token-under-the-old-key' });
    const endpoint = await request(hub.http)
      .post('/v1/webhooks/endpoints')
      .set('Cookie', cookie)
      .send({ url: 'http://127.0.0.1:9/tagphoto' })
      .expect(201);
    const before = await tagAndWait(hub, cookie, photo, 'old.jpg');
    const sealedBefore = await readFile(await blobOf(hub, before.body.id));

    await hub.close({ keepData: true });
    hub = await startTestHub({
      mode: 'server',
      restartOf: hub,
      env: { TAGPHOTO_MASTER_KEY: secondKey, TAGPHOTO_PREVIOUS_MASTER_KEYS: firstKey, ...ALLOW_LOCAL },
    });
    await request(hub.http).get(`/v1/images/${before.body.id}/file`).set('Cookie', cookie).expect(200);
    const counts = await hub.app.get(KeyRotationService).rewrapAll();
    expect(counts.blobs).toBeGreaterThanOrEqual(1);
    expect(counts.TaggingResult).toBeGreaterThanOrEqual(1);
    expect(counts.searchTerms).toBeGreaterThanOrEqual(1);
    const sealedAfter = await readFile(await blobOf(hub, before.body.id));
    // Only the wrapped data key changed: the encrypted image bytes at the end are the same.
    expect(sealedAfter.subarray(-photo.length).equals(sealedBefore.subarray(-photo.length))).toBe(true);
    expect(sealedAfter.equals(sealedBefore)).toBe(false);

    await hub.close({ keepData: true });
    hub = await startTestHub({
      mode: 'server',
      restartOf: hub,
      env: { TAGPHOTO_MASTER_KEY: secondKey, ...ALLOW_LOCAL },
    });
    const file = await request(hub.http).get(`/v1/images/${before.body.id}/file`).set('Cookie', cookie).expect(200);
    expect(Buffer.compare(file.body as Buffer, photo)).toBe(0);
    const image = await request(hub.http).get(`/v1/images/${before.body.id}`).set('Cookie', cookie).expect(200);
    expect(image.body.result.altText).toBe(before.body.result.altText);
    // Its terms were hashed anew under the new key: search finds it without the old one.
    const tag = (before.body.result as TaggingResult).tags[0].label;
    const found = await request(hub.http)
      .get(`/v1/images?tag=${encodeURIComponent(tag)}`)
      .set('Cookie', cookie)
      .expect(200);
    expect((found.body.items as Array<{ id: string }>).map((item) => item.id)).toContain(before.body.id);
    const connections = hub.app.get(ConnectionRepository);
    const [connection] = await connections.list(ownerId);
    expect(await connections.secrets(ownerId, connection.id)).toEqual({ accessToken: 'token-under-the-old-key' });
    const rotated = await request(hub.http)
      .post(`/v1/webhooks/endpoints/${endpoint.body.id as string}/rotate-secret`)
      .set('Cookie', cookie)
      .expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
  });
});
