import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { taggingResultSchema } from '@tagphoto/contracts';
import { pngBomb } from '../support/bad-images';
import { newAccount, PHOTOS, startTestHub, TestHub, waitForImage } from '../support/hub';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('Images API on PostgreSQL + BullMQ', () => {
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server', env: { TAGPHOTO_MAX_UPLOAD_BYTES: String(5 * 1024 * 1024) } });
    photo = await readFile(join(PHOTOS, 'astronaut.jpg'));
  });
  afterAll(() => hub.close());

  it('tags a real photo and answers 200 with the result when wait=true', async () => {
    const { apiKey } = await newAccount(hub);
    const response = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'astronaut.jpg')
      .expect(200);
    expect(response.body.status).toBe('done');
    const result = taggingResultSchema.parse(response.body.result);
    expect(result.tags.length).toBeGreaterThan(0);
    expect(result.tags.map((tag) => tag.label)).toContain('person');
    expect(result.altText.length).toBeGreaterThan(0);
    expect(result.faces.count).toBeGreaterThanOrEqual(1);
    expect(result.models.engine).toBeDefined();
  });

  it('queues without wait, finishes through BullMQ, and GET shows done', async () => {
    const { apiKey } = await newAccount(hub);
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'astronaut.jpg')
      .expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    const image = await waitForImage(hub, apiKey, accepted.body.id as string);
    expect(image.status).toBe('done');
    expect((image.result as { tags: unknown[] }).tags.length).toBeGreaterThan(0);
  });

  it('keeps API uploads ephemeral by default: the result stays, the bytes are gone', async () => {
    const { apiKey } = await newAccount(hub);
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'astronaut.jpg')
      .expect(200);
    expect(done.body.stored).toBe(false);
    await request(hub.http).get(`/v1/images/${done.body.id}/file`).set('Authorization', `Bearer ${apiKey}`).expect(410);
    expect(await filesUnder(join(hub.dataDir, 'blobs'))).not.toContainEqual(
      expect.stringContaining(done.body.id as string),
    );
  });

  it('stores session uploads encrypted and serves the original bytes back to their owner', async () => {
    const { cookie } = await newAccount(hub);
    const done = await request(hub.http)
      .post('/v1/images?wait=true&language=de')
      .set('Cookie', cookie)
      .attach('file', photo, 'astronaut.jpg')
      .expect(200);
    expect(done.body.stored).toBe(true);
    expect(done.body.result.language).toBe('de');
    const file = await request(hub.http).get(`/v1/images/${done.body.id}/file`).set('Cookie', cookie).expect(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(file.body as Buffer, photo)).toBe(0);
    const [onDisk] = (await filesUnder(join(hub.dataDir, 'blobs'))).filter((path) =>
      path.includes(done.body.id as string),
    );
    const sealed = await readFile(onDisk);
    expect(sealed.includes(photo.subarray(0, 3))).toBe(false);
  });

  it("lists an owner's images newest first, page by page", async () => {
    const { apiKey } = await newAccount(hub);
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const accepted = await request(hub.http)
        .post('/v1/images')
        .set('Authorization', `Bearer ${apiKey}`)
        .attach('file', photo, `p${index}.jpg`);
      ids.push(accepted.body.id as string);
    }
    const first = await request(hub.http)
      .get('/v1/images?limit=2')
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await request(hub.http)
      .get(`/v1/images?limit=2&cursor=${first.body.nextCursor as string}`)
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    await Promise.all(ids.map((id) => waitForImage(hub, apiKey, id)));
  });

  describe('owner isolation', () => {
    let owner: Awaited<ReturnType<typeof newAccount>>;
    let stranger: Awaited<ReturnType<typeof newAccount>>;
    let imageId: string;

    beforeAll(async () => {
      owner = await newAccount(hub);
      stranger = await newAccount(hub);
      const done = await request(hub.http)
        .post('/v1/images?wait=true')
        .set('Cookie', owner.cookie)
        .attach('file', photo, 'a.jpg');
      imageId = done.body.id as string;
    });

    it.each([
      ['reads', 'get', ''],
      ['downloads', 'get', '/file'],
      ['deletes', 'delete', ''],
    ] as const)("never %s another owner's image (404, not 403)", async (_, method, suffix) => {
      for (const auth of [{ Authorization: `Bearer ${stranger.apiKey}` }, { Cookie: stranger.cookie }]) {
        const response = await request(hub.http)[method](`/v1/images/${imageId}${suffix}`).set(auth).expect(404);
        expect(response.body.error.code).toBe('not_found');
      }
      await request(hub.http).get(`/v1/images/${imageId}`).set('Cookie', owner.cookie).expect(200);
    });

    it("never lists another owner's images", async () => {
      const list = await request(hub.http)
        .get('/v1/images')
        .set('Authorization', `Bearer ${stranger.apiKey}`)
        .expect(200);
      expect(list.body.items).toEqual([]);
    });

    it("never lets one owner revoke another's API key", async () => {
      await request(hub.http).delete(`/v1/api-keys/${owner.apiKeyId}`).set('Cookie', stranger.cookie).expect(404);
      await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${owner.apiKey}`).expect(200);
    });

    it('lets the owner delete the image, its result and its bytes', async () => {
      await request(hub.http).delete(`/v1/images/${imageId}`).set('Cookie', owner.cookie).expect(204);
      await request(hub.http).get(`/v1/images/${imageId}`).set('Cookie', owner.cookie).expect(404);
      expect(await filesUnder(join(hub.dataDir, 'blobs'))).not.toContainEqual(expect.stringContaining(imageId));
    });
  });

  describe('bad input gets a clear 4xx and nothing is stored', () => {
    let account: Awaited<ReturnType<typeof newAccount>>;

    const me = async (cookie: string) =>
      (await request(hub.http).get('/v1/auth/me').set('Cookie', cookie)).body as { id: string };

    beforeAll(async () => {
      account = await newAccount(hub);
    });

    afterEach(async () => {
      const list = await request(hub.http).get('/v1/images').set('Cookie', account.cookie).expect(200);
      expect(list.body.items).toEqual([]);
      expect(await filesUnder(join(hub.dataDir, 'blobs', (await me(account.cookie)).id))).toEqual([]);
    });

    const upload = (bytes: Buffer, name = 'x.jpg') =>
      request(hub.http).post('/v1/images').set('Cookie', account.cookie).attach('file', bytes, name);

    it('no file at all', async () => {
      const response = await request(hub.http).post('/v1/images').set('Cookie', account.cookie).send({}).expect(400);
      expect(response.body.error.code).toBe('missing_image');
    });

    it('an empty file', async () => {
      expect((await upload(Buffer.alloc(0)).expect(400)).body.error.code).toBe('empty_file');
    });

    it('bytes that are not an image', async () => {
      const response = await upload(Buffer.from('%PDF-1.4 definitely not a photo'), 'doc.jpg').expect(415);
      expect(response.body.error.message).toMatch(/JPEG, PNG/);
    });

    it('an SVG, which could carry external entities and scripts', async () => {
      const svg =
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>';
      await upload(Buffer.from(svg), 'x.svg').expect(415);
    });

    it('a truncated JPEG', async () => {
      const response = await upload(photo.subarray(0, Math.floor(photo.length / 2))).expect(422);
      expect(response.body.error.message).toMatch(/truncated|damaged/);
    });

    it('a 100-megapixel decompression bomb', async () => {
      const bomb = pngBomb(10_000, 10_000);
      expect(bomb.length).toBeLessThan(1000);
      const response = await upload(bomb, 'bomb.png').expect(413);
      expect(response.body.error.message).toMatch(/pixels/);
    });

    it('an upload over the size limit', async () => {
      await upload(randomBytes(5 * 1024 * 1024 + 1)).expect(413);
    });

    it.each([
      'http://127.0.0.1/cat.jpg',
      'http://10.0.0.1/cat.jpg',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/cat.jpg',
    ])('a url pointing at a private network: %s', async (url) => {
      const response = await request(hub.http)
        .post('/v1/images')
        .set('Cookie', account.cookie)
        .send({ url })
        .expect(400);
      expect(response.body.error.code).toBe('url_not_allowed');
    });

    it('unknown fields', async () => {
      const response = await request(hub.http)
        .post('/v1/images')
        .set('Cookie', account.cookie)
        .send({ url: 'https://example.org/a.jpg', colour: 'blue' })
        .expect(400);
      expect(response.body.error.message).toMatch(/colour/);
    });
  });

  describe('credentials', () => {
    it('refuses an unknown API key', async () => {
      const response = await request(hub.http)
        .post('/v1/images')
        .set('Authorization', `Bearer tpk_${randomBytes(32).toString('base64url')}`)
        .attach('file', photo, 'a.jpg')
        .expect(401);
      expect(response.body.error.code).toBe('invalid_api_key');
    });

    it('refuses a revoked API key, and shows when the key was last used', async () => {
      const account = await newAccount(hub);
      await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`).expect(200);
      await request(hub.http).delete(`/v1/api-keys/${account.apiKeyId}`).set('Cookie', account.cookie).expect(204);
      const response = await request(hub.http)
        .post('/v1/images')
        .set('Authorization', `Bearer ${account.apiKey}`)
        .attach('file', photo, 'a.jpg')
        .expect(401);
      expect(response.body.error.code).toBe('revoked_api_key');
      const keys = await request(hub.http).get('/v1/api-keys').set('Cookie', account.cookie).expect(200);
      expect(keys.body[0]).toMatchObject({
        id: account.apiKeyId,
        revokedAt: expect.any(String),
        lastUsedAt: expect.any(String),
      });
      expect(JSON.stringify(keys.body)).not.toContain(account.apiKey);
    });

    it('does not let an API key manage API keys', async () => {
      const account = await newAccount(hub);
      await request(hub.http)
        .post('/v1/api-keys')
        .set('Authorization', `Bearer ${account.apiKey}`)
        .send({ name: 'x' })
        .expect(401);
    });

    it('refuses a wrong password and a taken email', async () => {
      const account = await newAccount(hub);
      await request(hub.http)
        .post('/v1/auth/login')
        .send({ email: account.email, password: 'not the password!' })
        .expect(401);
      await request(hub.http)
        .post('/v1/auth/signup')
        .send({ email: account.email, password: 'another password' })
        .expect(202);
      await request(hub.http)
        .post('/v1/auth/login')
        .send({ email: account.email, password: 'another password' })
        .expect(401);
      await request(hub.http)
        .post('/v1/auth/login')
        .send({ email: account.email, password: 'a long enough password' })
        .expect(200);
    });

    it('ends the session on logout', async () => {
      const account = await newAccount(hub);
      await request(hub.http).post('/v1/auth/logout').set('Cookie', account.cookie).expect(204);
      await request(hub.http).get('/v1/images').set('Cookie', account.cookie).expect(401);
    });

    it('sets the session cookie httpOnly and SameSite', async () => {
      const credentials = {
        email: `c-${randomBytes(4).toString('hex')}@example.com`,
        password: 'a long enough password',
      };
      await request(hub.http).post('/v1/auth/signup').send(credentials).expect(202);
      const login = await request(hub.http).post('/v1/auth/login').send(credentials).expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    });
  });

  it('reports database and queue state on /health', async () => {
    const response = await request(hub.http).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { status: 'up', kind: 'postgres' },
      queue: { status: 'up', kind: 'bullmq' },
    });
  });

  it('lets browser clients on other origins (the Figma plugin) call with a bearer key, never with cookies', async () => {
    const preflight = await request(hub.http)
      .options('/v1/images')
      .set('Origin', 'null')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('serves OpenAPI docs', async () => {
    const response = await request(hub.http).get('/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/v1/images', '/v1/images/{id}', '/v1/auth/signup', '/v1/api-keys']),
    );
  });
});
