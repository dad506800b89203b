import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { HubProcess, startHubProcess } from '../support/hub-process';
import { MODEL_DIR, PHOTOS, REDIS_URL } from '../support/hub';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** A plain HTTP client for a hub running in another process. */
class Client {
  private cookie = '';
  constructor(private readonly hub: () => HubProcess) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const init: RequestInit = { method, headers: { cookie: this.cookie } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const response = await fetch(`${this.hub().url}${path}`, init);
    const cookie = response.headers.get('set-cookie');
    if (cookie) this.cookie = cookie.split(';')[0]!;
    return {
      status: response.status,
      body: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>),
    };
  }
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each([
  ['BullMQ on Redis with PostgreSQL', 'server'],
  ['the in-process driver with embedded PGlite', 'embedded'],
] as const)('killing the hub while an image is processing, with %s', (_, mode) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let hub: HubProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-recovery-'));
    env = {
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
      LOG_LEVEL: 'warn',
      TAGPHOTO_JOB_LOCK_MS: '2000',
    };
    if (mode === 'server') {
      database = await createTestDatabase();
      Object.assign(env, {
        DATABASE_URL: database.url,
        REDIS_URL,
        TAGPHOTO_QUEUE_PREFIX: `recovery-${randomBytes(5).toString('hex')}`,
      });
    }
  });
  afterAll(async () => {
    await hub?.stop('SIGKILL');
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finishes every image after a restart, each exactly once', async () => {
    hub = await startHubProcess(env);
    const client = new Client(() => hub!);
    expect(
      (await client.call('POST', '/v1/auth/signup', { email: 'crash@example.com', password: 'a long enough password' }))
        .status,
    ).toBe(202);
    expect(
      (await client.call('POST', '/v1/auth/login', { email: 'crash@example.com', password: 'a long enough password' }))
        .status,
    ).toBe(200);
    // A 12-megapixel photo keeps each image in `processing` long enough to kill the process mid-way.
    const photo = await sharp(await readFile(join(PHOTOS, 'astronaut.jpg')))
      .resize(4000, 3000)
      .jpeg()
      .toBuffer();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const form = new FormData();
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), `big-${index}.jpg`);
      const accepted = await client.call('POST', '/v1/images', form);
      expect(accepted.status).toBe(202);
      ids.push(accepted.body.id as string);
    }
    const processing = await waitUntil('an image in processing', async () => {
      const list = await client.call('GET', '/v1/images?limit=10');
      const items = list.body.items as Array<{ id: string; status: string }>;
      return items.find((item) => item.status === 'processing');
    });

    await hub.stop('SIGKILL');
    hub = await startHubProcess(env);

    const finished = await waitUntil('all images finished', async () => {
      const list = await client.call('GET', '/v1/images?limit=10');
      const items = list.body.items as Array<{ id: string; status: string; result: { tags: unknown[] } | null }>;
      return items.every((item) => item.status === 'done' || item.status === 'failed') ? items : undefined;
    });
    expect(finished.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(finished.map((item) => item.status)).toEqual(['done', 'done', 'done']);
    expect(finished.find((item) => item.id === processing.id)!.result!.tags.length).toBeGreaterThan(0);
  });

  it('keeps accounts and results across a clean restart', async () => {
    await hub!.stop('SIGTERM');
    hub = await startHubProcess(env);
    const client = new Client(() => hub!);
    expect(
      (await client.call('POST', '/v1/auth/login', { email: 'crash@example.com', password: 'a long enough password' }))
        .status,
    ).toBe(200);
    const list = await client.call('GET', '/v1/images?limit=10');
    expect((list.body.items as Array<{ status: string }>).map((item) => item.status)).toEqual(['done', 'done', 'done']);
  });
});
