import dns from 'node:dns';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { RetentionService } from '../../apps/hub/src/modules/privacy/retention.service';
import { UsageBuffer } from '../../apps/hub/src/modules/usage/usage-buffer';
import { createApiKey, signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { ManualClock, MODEL_DIR, newAccount, PHOTOS, REDIS_URL, startTestHub, TestHub } from '../support/hub';
import { createTestDatabase } from '../support/test-database';

const DAY_MS = 24 * 3600 * 1000;

describe('analytics, request logs and outbound traffic', () => {
  let hub: TestHub;
  let photo: Buffer;
  const clock = new ManualClock(new Date('2026-11-29T12:00:00Z'));

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server', clock });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(() => hub.close());

  const database = () => hub.app.get<Database>(DATABASE);
  const featureCount = async (feature: string) =>
    (await database().prisma.analyticsDaily.findMany({ where: { feature } })).reduce((sum, row) => sum + row.count, 0);
  /** Usage is buffered once the response has gone out, and written in batches: write what is held now. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await hub.app.get(UsageBuffer).flush();
  };

  it('stores analytics only as counts per feature per day, and not at all for owners who opted out', async () => {
    const counted = await newAccount(hub);
    const optedOut = await newAccount(hub);
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', optedOut.cookie)
      .send({ retention: { mode: 'keep' }, analyticsOptOut: true, marketingOptOut: true })
      .expect(200);
    await settle();

    const before = await featureCount('Images.list');
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${counted.apiKey}`).expect(200);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${counted.apiKey}`).expect(200);
    await settle();
    expect(await featureCount('Images.list')).toBe(before + 2);

    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${optedOut.apiKey}`).expect(200);
    await settle();
    expect(await featureCount('Images.list')).toBe(before + 2);

    const columns = await database().prisma.$queryRaw<Array<{ column_name: string }>>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'AnalyticsDaily' ORDER BY column_name`;
    expect(columns.map((column) => column.column_name)).toEqual(['count', 'day', 'feature']);
  });

  it('logs API requests for billing with route, status, key and bytes only, and lets the logs expire', async () => {
    const account = await newAccount(hub);
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .attach('file', photo, 'cat.jpg')
      .expect(200);
    await settle();
    const rows = await database().prisma.$queryRaw<Array<{ row: Record<string, unknown> }>>`
      SELECT row_to_json(u) AS row FROM "UsageRecord" u WHERE "apiKeyId" = ${account.apiKeyId}::uuid`;
    expect(rows).toHaveLength(1);
    const record = rows[0].row;
    expect(Object.keys(record).sort()).toEqual([
      'apiKeyId',
      'bytes',
      'createdAt',
      'expiresAt',
      'id',
      'method',
      'ownerId',
      'route',
      'status',
    ]);
    expect(record).toMatchObject({ method: 'POST', route: '/v1/images', status: 200 });
    expect(record.bytes as number).toBeGreaterThan(photo.length);
    expect(JSON.stringify(record)).not.toContain(done.body.result.altText as string);

    clock.advance(90 * DAY_MS + 1000);
    const swept = await hub.app.get(RetentionService).sweep();
    expect(swept.usageRecords).toBeGreaterThanOrEqual(1);
    expect(await database().prisma.usageRecord.count({ where: { apiKeyId: account.apiKeyId } })).toBe(0);
  });

  it('writes the batch of others when an owner whose requests it holds was deleted meanwhile', async () => {
    const leaving = await newAccount(hub);
    const staying = await newAccount(hub);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${leaving.apiKey}`).expect(200);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${staying.apiKey}`).expect(200);
    await request(hub.http)
      .delete('/v1/account')
      .set('Cookie', leaving.cookie)
      .send({ password: 'a long enough password' })
      .expect(204);
    await settle();
    expect(await database().prisma.usageRecord.count({ where: { apiKeyId: staying.apiKeyId } })).toBe(1);
    expect(await database().prisma.usageRecord.count({ where: { apiKeyId: leaving.apiKeyId } })).toBe(0);
  });

  it('logs every request of a burst of concurrent reads, counted once each', async () => {
    const account = await newAccount(hub);
    const before = await featureCount('Images.list');
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
    await settle();
    expect(
      await database().prisma.usageRecord.count({
        where: { apiKeyId: account.apiKeyId, route: '/v1/images', method: 'GET' },
      }),
    ).toBe(60);
    expect(await featureCount('Images.list')).toBe(before + 60);
  });

  it('writes an API key’s last use at most once a minute, and refuses a revoked key on the very next request', async () => {
    const account = await newAccount(hub);
    const lastUsed = async () =>
      (await database().prisma.apiKey.findUniqueOrThrow({ where: { id: account.apiKeyId } })).lastUsedAt?.toISOString();
    const read = () => request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`);

    const first = clock.now().toISOString();
    await read().expect(200);
    expect(await lastUsed()).toBe(first);
    clock.advance(30_000);
    await read().expect(200);
    expect(await lastUsed()).toBe(first);
    clock.advance(31_000);
    await read().expect(200);
    expect(await lastUsed()).toBe(clock.now().toISOString());

    await request(hub.http).delete(`/v1/api-keys/${account.apiKeyId}`).set('Cookie', account.cookie).expect(204);
    const refused = await read().expect(401);
    expect(refused.body.error.code).toBe('revoked_api_key');
  });

  it('sends nothing anywhere but the local database and queue while tagging', async () => {
    const hosts = new Set<string>();
    const connect = net.Socket.prototype.connect;
    const lookup = dns.lookup;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // Node's own callers (http, net.connect) pass their arguments already normalised, as one array.
      const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [
        net.NetConnectOpts | number | string,
        unknown,
      ];
      const options =
        typeof first === 'object' ? (first as Partial<net.TcpNetConnectOpts & net.IpcNetConnectOpts>) : undefined;
      // A TCP connection without a host goes to localhost, Node's default.
      hosts.add(
        options
          ? String(options.path ?? options.host ?? 'localhost')
          : String(typeof first === 'number' ? (second ?? 'localhost') : first),
      );
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    };
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      hosts.add(hostname);
      return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    };
    try {
      const account = await newAccount(hub);
      await request(hub.http)
        .post('/v1/images?wait=true&language=fr')
        .set('Cookie', account.cookie)
        .attach('file', photo, 'cat.jpg')
        .expect(200);
      await request(hub.http).get('/v1/account/export').set('Cookie', account.cookie).expect(200);
    } finally {
      net.Socket.prototype.connect = connect;
      (dns as { lookup: unknown }).lookup = lookup;
    }
    expect(hosts.size).toBeGreaterThan(0);
    expect([...hosts].filter((host) => !['127.0.0.1', 'localhost', '::1'].includes(host))).toEqual([]);
  });
});

describe('structured logs', () => {
  it('never contain passwords, API keys, session tokens or image bytes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-logs-'));
    const hub = await startHubProcess({
      LOG_LEVEL: 'debug',
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
    });
    try {
      const password = 'log-canary password 12345';
      const cookie = await signUpAndSignIn(hub.url, 'logs@example.com', password);
      const key = await createApiKey(hub.url, cookie, 'logs');
      const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
      const form = new FormData();
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'coffee.jpg');
      const tagged = await fetch(`${hub.url}/v1/images?wait=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}` },
        body: form,
      });
      expect(tagged.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const output = hub.output();
      expect(output).toContain('"url":"/v1/images"');
      // Nothing about the browser or where it is: no user agent, no client address.
      expect(output).not.toMatch(/user-agent|remoteAddress|"ip"/i);
      for (const secret of [
        password,
        key.key,
        cookie.split('=')[1],
        photo.subarray(200, 260).toString('base64'),
        photo.subarray(200, 260).toString('latin1'),
      ]) {
        expect(output).not.toContain(secret);
      }
    } finally {
      await hub.stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('usage held in memory', () => {
  it('is all written when the hub stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-usage-'));
    const database = await createTestDatabase();
    const hub = await startHubProcess({
      DATABASE_URL: database.url,
      REDIS_URL,
      TAGPHOTO_QUEUE_PREFIX: `usage-${process.pid}`,
      TAGPHOTO_DATA_DIR: dataDir,
    });
    try {
      const cookie = await signUpAndSignIn(hub.url, 'usage@example.com');
      const key = await createApiKey(hub.url, cookie, 'usage');
      const answers = await Promise.all(
        Array.from({ length: 25 }, () =>
          fetch(`${hub.url}/v1/images`, { headers: { authorization: `Bearer ${key.key}` } }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(25).fill(200));
      await hub.stop('SIGTERM');

      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM "UsageRecord" WHERE "apiKeyId" = $1',
          [key.id],
        );
        expect(Number(rows[0].count)).toBe(25);
      } finally {
        await client.end();
      }
    } finally {
      await hub.stop('SIGKILL');
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
