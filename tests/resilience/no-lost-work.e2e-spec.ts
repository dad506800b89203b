import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/hub';
import { createApiKey, HubProcess, killableHubEnv, signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { TestRedis } from '../support/redis-server';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { untilReachable } from '../support/until';

const IMAGES = 200;

describe('no lost work under faults', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let dataDir: string;
  let api: HubProcess;
  const workers: HubProcess[] = [];
  let receiver: http.Server;
  const deliveries: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new TestRedis();
    await redis.start();
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-faults-'));
    receiver = http.createServer((request, response) => {
      deliveries.push(String(request.headers['webhook-id']));
      request.resume();
      response.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await Promise.all([api, ...workers].filter(Boolean).map((process) => process.stop('SIGKILL')));
    await redis.stop();
    await database.drop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finishes every accepted image exactly once through a worker kill, a Redis restart and an API restart', async () => {
    const env = {
      ...killableHubEnv({ databaseUrl: database.url, redisUrl: redis.url, dataDir, queuePrefix: 'faults' }),
      TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1',
    };
    api = await startHubProcess({ ...env, HUB_ROLE: 'api', LOG_LEVEL: 'warn' });
    for (let i = 0; i < 2; i++) workers.push(await startHubProcess({ ...env, HUB_ROLE: 'worker' }));

    const cookie = await signUpAndSignIn(api.url, 'faults@example.com');
    const { key } = await createApiKey(api.url, cookie, 'faults');
    const endpoint = await fetch(`${api.url}/v1/webhooks/endpoints`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ['image.tagged'],
      }),
    });
    expect(endpoint.status).toBe(201);

    const photos = await Promise.all(
      (await readdir(join(REPO_ROOT, 'libs/tagging/fixtures/eval')))
        .filter((name) => name.endsWith('.jpg'))
        .slice(0, 10)
        .map(async (name) =>
          sharp(await readFile(join(REPO_ROOT, 'libs/tagging/fixtures/eval', name)))
            .resize(256)
            .jpeg()
            .toBuffer(),
        ),
    );
    const accepted: string[] = [];
    const upload = async (index: number) => {
      const form = new FormData();
      form.append('file', new Blob([photos[index % photos.length]], { type: 'image/jpeg' }), `p${index}.jpg`);
      const response = await fetch(`${api.url}/v1/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      if (response.status === 202) accepted.push(((await response.json()) as { id: string }).id);
    };
    for (let i = 0; i < IMAGES / 2; i++) await upload(i);

    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    const count = async (status: string) =>
      Number((await sql.query('SELECT count(*) FROM "Image" WHERE status = $1', [status])).rows[0].count);
    try {
      // Faults while the work is under way: a worker dies mid-job, Redis loses everything, the API restarts.
      await untilReachable('some images done', async () => ((await count('done')) >= 10 ? true : undefined), 120_000);
      await workers[0].stop('SIGKILL');
      for (let i = IMAGES / 2; i < (IMAGES * 3) / 4; i++) await upload(i);
      await redis.restart();
      await api.stop('SIGTERM');
      api = await startHubProcess({ ...env, HUB_ROLE: 'api', LOG_LEVEL: 'warn' });
      workers[0] = await startHubProcess({ ...env, HUB_ROLE: 'worker' });
      for (let i = (IMAGES * 3) / 4; i < IMAGES; i++) await upload(i);
      expect(accepted).toHaveLength(IMAGES);

      await untilReachable(
        'every image finished',
        async () => ((await count('done')) + (await count('failed')) === IMAGES ? true : undefined),
        300_000,
      );
      expect(await count('done')).toBe(IMAGES);
      expect(await count('processing')).toBe(0);
      const results = await sql.query(
        'SELECT count(*) AS results, count(DISTINCT "imageId") AS images FROM "TaggingResult"',
      );
      expect(Number(results.rows[0].results)).toBe(IMAGES);
      expect(Number(results.rows[0].images)).toBe(IMAGES);

      // Webhooks are at least once: every image is announced, and repeats carry the same webhook-id.
      await untilReachable(
        'every image.tagged delivered',
        async () => (new Set(deliveries).size >= IMAGES ? true : undefined),
        120_000,
      );
      const events = await sql.query(
        'SELECT count(DISTINCT "eventId") AS events FROM "WebhookDelivery" WHERE "eventType" = $1',
        ['image.tagged'],
      );
      expect(Number(events.rows[0].events)).toBe(IMAGES);
      expect(new Set(deliveries).size).toBe(IMAGES);
    } finally {
      await sql.end();
    }
  }, 600_000);
});
