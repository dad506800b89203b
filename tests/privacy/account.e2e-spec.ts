import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { AccountDeletionService } from '../../apps/hub/src/modules/account/account-deletion.service';
import { newAccount, PHOTOS, REPO_ROOT, startTestHub, TestHub, tagAndWait } from '../support/hub';
import { binary, unzip } from '../support/zip';

/** Reads a zip from a buffer into name → bytes. */

/** Every row of every table, as text, so a test can prove a value appears nowhere. */
async function everyRowAsText(database: Database): Promise<string> {
  const tables = await database.prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const dumps: string[] = [];
  for (const { table_name } of tables) {
    const rows = await database.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
    );
    dumps.push(...rows.map((row) => `${table_name}: ${(row as { row: string }).row}`));
  }
  return dumps.join('\n');
}

/** A close-up the engine names no certain subject in, so it waits for review. */
const FLAGGED_PHOTO = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');

describe('your rights: export and deletion', () => {
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server' });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(() => hub.close());

  /** The signed-in owner's export, unpacked. */
  async function exportOf(cookie: string): Promise<Map<string, Buffer>> {
    const response = await request(hub.http)
      .get('/v1/account/export')
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    return unzip(response.body as Buffer);
  }

  it("exports a zip of the owner's images (decrypted), results, settings, usage and security log", async () => {
    const account = await newAccount(hub);
    const stored = await tagAndWait(hub, account.cookie, photo, 'cat.jpg');
    const ephemeral = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .attach('file', photo, 'api.jpg')
      .expect(200);

    const files = await exportOf(account.cookie);

    expect([...files.keys()].sort()).toEqual(
      [
        'README.txt',
        'account.json',
        'audit-events.json',
        'connections.json',
        'images.json',
        'image-history.json',
        `images/${stored.body.id}.jpg`,
        'review.json',
        'review-queue.json',
        'usage.json',
      ].sort(),
    );
    expect(Buffer.compare(files.get(`images/${stored.body.id}.jpg`)!, photo)).toBe(0);
    const images = JSON.parse(files.get('images.json')!.toString()) as Array<{
      id: string;
      result: { altText: string };
    }>;
    expect(images.map((image) => image.id).sort()).toEqual([stored.body.id, ephemeral.body.id].sort());
    expect(images[0].result.altText.length).toBeGreaterThan(0);
    const exported = JSON.parse(files.get('account.json')!.toString());
    expect(exported).toMatchObject({ email: account.email, privacy: { retention: { mode: 'keep' } } });
    expect(JSON.stringify(exported)).not.toContain('scrypt');
    const usage = JSON.parse(files.get('usage.json')!.toString()) as Array<{ route: string; status: number }>;
    expect(usage).toContainEqual(expect.objectContaining({ route: '/v1/images', status: 200 }));
    const audit = JSON.parse(files.get('audit-events.json')!.toString()) as Array<{ type: string }>;
    expect(audit.map((event) => event.type)).toEqual(expect.arrayContaining(['account.created', 'api_key.created']));
    expect(files.get('README.txt')!.toString()).toMatch(/images\.json/);
    // What happened to each result, without its text.
    const history = JSON.parse(files.get('image-history.json')!.toString()) as Array<{ imageId: string; kind: string }>;
    expect(history.map(({ imageId, kind }) => ({ imageId, kind }))).toEqual(
      expect.arrayContaining([
        { imageId: stored.body.id, kind: 'tagged' },
        { imageId: ephemeral.body.id, kind: 'tagged' },
      ]),
    );
    expect(history).toHaveLength(2);
    expect(files.get('README.txt')!.toString()).toMatch(/image-history\.json/);
  });

  it('exports what the review queue recorded: the flagged image, the decision, when and through which key', async () => {
    const account = await newAccount(hub);
    const flagged = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Cookie', account.cookie)
      .attach('file', await readFile(FLAGGED_PHOTO), 'apple.jpg')
      .expect(200);
    const decision = await request(hub.http)
      .post(`/v1/review/${flagged.body.id}/approve`)
      .set('Authorization', `Bearer ${account.apiKey}`)
      .expect(200);
    const files = await exportOf(account.cookie);
    expect(JSON.parse(files.get('review-queue.json')!.toString())).toEqual([
      {
        imageId: flagged.body.id,
        state: 'approved',
        reasons: ['no certain subject'],
        createdAt: expect.any(String),
        decidedAt: decision.body.decidedAt,
        decidedBy: { via: 'api-key', apiKeyId: account.apiKeyId },
      },
    ]);
  });

  it('shows the owner a security log of sign-ins, API keys, privacy changes and exports', async () => {
    const account = await newAccount(hub);
    await request(hub.http)
      .post('/v1/auth/login')
      .send({ email: account.email, password: 'not the password' })
      .expect(401);
    await request(hub.http)
      .post('/v1/auth/login')
      .send({ email: account.email, password: 'a long enough password' })
      .expect(200);
    await request(hub.http).delete(`/v1/api-keys/${account.apiKeyId}`).set('Cookie', account.cookie).expect(204);
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', account.cookie)
      .send({
        retention: { mode: 'days', days: 30, deleteResults: false },
        analyticsOptOut: true,
        marketingOptOut: true,
      })
      .expect(200);
    await request(hub.http).get('/v1/account/export').set('Cookie', account.cookie).expect(200);
    const log = await request(hub.http).get('/v1/audit-events').set('Cookie', account.cookie).expect(200);
    expect((log.body as Array<{ type: string }>).map((event) => event.type)).toEqual([
      'account.exported',
      'privacy.updated',
      'api_key.revoked',
      'login.succeeded',
      'login.failed',
      'api_key.created',
      // Sign-up starts no session: newAccount signs in right after it.
      'login.succeeded',
      'account.created',
    ]);
    expect(JSON.stringify(log.body)).not.toContain(account.apiKey);
  });

  it('refuses to export to an API key: only the signed-in owner may', async () => {
    const account = await newAccount(hub);
    await request(hub.http).get('/v1/account/export').set('Authorization', `Bearer ${account.apiKey}`).expect(401);
  });

  it('deletes an account and proves nothing of it remains in any table or on disk', async () => {
    const account = await newAccount(hub);
    const me = (await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie)).body as { id: string };
    await tagAndWait(hub, account.cookie, photo, 'cat.jpg');
    // One image still waiting in the queue when the account goes.
    await request(hub.http)
      .post('/v1/images')
      .set('Cookie', account.cookie)
      .attach('file', photo, 'later.jpg')
      .expect(202);
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', account.cookie)
      .send({ retention: { mode: 'keep' }, analyticsOptOut: true, marketingOptOut: true })
      .expect(200);
    const database = hub.app.get<Database>(DATABASE);
    // The tagged image left keyed hashes of its tags and words to search by: they must go too.
    expect(await database.prisma.imageSearchTerm.count({ where: { ownerId: me.id } })).toBeGreaterThan(0);

    await request(hub.http)
      .delete('/v1/account')
      .set('Cookie', account.cookie)
      .send({ password: 'wrong password' })
      .expect(401);
    await request(hub.http)
      .delete('/v1/account')
      .set('Cookie', account.cookie)
      .send({ password: 'a long enough password' })
      .expect(204);

    // Let a job that was already running finish against the deleted rows.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const everything = await everyRowAsText(database);
    expect(everything).not.toContain(me.id);
    expect(everything).not.toContain(account.email);
    expect(await readdir(join(hub.dataDir, 'blobs', me.id)).catch(() => [])).toEqual([]);
    const records = await database.prisma.deletionRecord.findMany();
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(records[0]).sort()).toEqual(['deletedAt', 'id', 'reason']);
    await request(hub.http).get('/v1/images').set('Cookie', account.cookie).expect(401);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`).expect(401);
  });

  it("lets the operator delete a child's account at once, recording only that it happened", async () => {
    const account = await newAccount(hub);
    const me = (await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie)).body as { id: string };
    await tagAndWait(hub, account.cookie, photo, 'cat.jpg');
    const database = hub.app.get<Database>(DATABASE);
    const before = await database.prisma.deletionRecord.count({ where: { reason: 'child' } });

    await hub.app.get(AccountDeletionService).delete(me.id, 'child');

    expect(await everyRowAsText(database)).not.toContain(account.email);
    expect(await database.prisma.deletionRecord.count({ where: { reason: 'child' } })).toBe(before + 1);
    expect(await readdir(join(hub.dataDir, 'blobs', me.id)).catch(() => [])).toEqual([]);
  });

  /** Runs `npm run operator -- <args>` against this suite's hub (the same database, queue and data folder). */
  const operator = (...args: string[]) =>
    promisify(execFile)(process.execPath, [join(REPO_ROOT, 'apps/hub/dist/operator.js'), ...args], {
      env: {
        ...process.env,
        DATABASE_URL: hub.config.DATABASE_URL!,
        REDIS_URL: hub.config.REDIS_URL!,
        TAGPHOTO_DATA_DIR: hub.dataDir,
        TAGPHOTO_QUEUE_PREFIX: hub.config.TAGPHOTO_QUEUE_PREFIX,
      },
    });

  it('offers the child deletion as an operator command', async () => {
    const account = await newAccount(hub);
    const { stdout } = await operator('delete-account', '--email', account.email, '--reason', 'child');
    expect(stdout).toContain('account deleted');
    await request(hub.http)
      .post('/v1/auth/login')
      .send({ email: account.email, password: 'a long enough password' })
      .expect(401);
  });

  it('offers re-indexing search as an operator command', async () => {
    const account = await newAccount(hub);
    await tagAndWait(hub, account.cookie, photo, 'cat.jpg');
    const { stdout } = await operator('reindex-search');
    expect(stdout).toMatch(/^re-indexed: [1-9]\d* results$/m);
  });
});
