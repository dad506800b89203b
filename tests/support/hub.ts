import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../apps/hub/src/app.module';
import { HubConfig, loadConfig } from '../../apps/hub/src/config/config.schema';
import { configureApp } from '../../apps/hub/src/configure-app';
import { Clock } from '../../apps/hub/src/common/clock';
import { createTestDatabase, TestDatabase } from './test-database';
import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../libs/contracts/testing/tagging-result';
import { ImageRepository, type NewImage } from '../../apps/hub/src/modules/images/image.repository';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** Optional model packs: ../shared/models beside the checkout, as in CI, unless TAGPHOTO_MODEL_DIR says otherwise. */
export const MODEL_DIR = process.env.TAGPHOTO_MODEL_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'models');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PHOTOS = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'photos');

export interface TestHub {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  config: HubConfig;
  dataDir: string;
  database?: TestDatabase;
  /** Stops the hub and removes its data; `{ keepData: true }` leaves it for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface TestHubOptions {
  /** 'server': a fresh PostgreSQL database + BullMQ on Redis; 'embedded': PGlite + in-process jobs. */
  mode: 'server' | 'embedded';
  env?: Record<string, string>;
  /** Replaces the system clock (retention tests move time forward). */
  clock?: Clock;
  /** Reuse the data folder (and, in server mode, the database) of an earlier hub: a restart. */
  restartOf?: TestHub;
}

/** A whole hub in this process, on real PostgreSQL/Redis or on its embedded default, isolated per call. */
export async function startTestHub(options: TestHubOptions): Promise<TestHub> {
  const dataDir = options.restartOf?.dataDir ?? (await mkdtemp(join(tmpdir(), 'tagphoto-hub-')));
  let database = options.restartOf?.database;
  const env: Record<string, string> = {
    TAGPHOTO_DATA_DIR: dataDir,
    TAGPHOTO_MODEL_DIR: MODEL_DIR,
    TAGPHOTO_JOB_BACKOFF_MS: '200',
    // Every test signs up from the same address; the rate-limit test sets its own budget.
    TAGPHOTO_RATE_LIMIT_AUTH: '10000',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  if (options.mode === 'server') {
    // A test that brings its own DATABASE_URL (e.g. through a proxy) owns that database.
    if (!options.env?.DATABASE_URL) database ??= await createTestDatabase();
    env.DATABASE_URL = options.env?.DATABASE_URL ?? database!.url;
    env.REDIS_URL = REDIS_URL;
    env.TAGPHOTO_QUEUE_PREFIX =
      options.restartOf?.config.TAGPHOTO_QUEUE_PREFIX ?? `test-${randomBytes(6).toString('hex')}`;
  }
  const config = loadConfig(env);
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, bodyParser: false });
  configureApp(app);
  // Listening once, for the whole suite: handed a server that is not listening, supertest listens and closes it
  // around each request, and one request's close reset another's fresh connection (ECONNRESET) when they overlapped.
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: app.getHttpServer(),
    config,
    dataDir,
    database,
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (keepData) return;
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs up a new account, signs in, and returns its session cookie and a fresh API key. */
export async function newAccount(
  hub: TestHub,
): Promise<{ email: string; cookie: string; apiKey: string; apiKeyId: string }> {
  const email = `user-${randomBytes(5).toString('hex')}@example.com`;
  await request(hub.http).post('/v1/auth/signup').send({ email, password: 'a long enough password' }).expect(202);
  const login = await request(hub.http)
    .post('/v1/auth/login')
    .send({ email, password: 'a long enough password' })
    .expect(200);
  const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  const key = await request(hub.http).post('/v1/api-keys').set('Cookie', cookie).send({ name: 'tests' }).expect(201);
  return { email, cookie, apiKey: key.body.key as string, apiKeyId: key.body.id as string };
}

/**
 * Records an image as the hub records one, without the engine: an unstored JPEG row (`fields` change it) and, unless
 * `result` is null, its finished result. Returns the image id.
 */
export async function seedImage(
  hub: TestHub,
  ownerId: string,
  fields: Partial<NewImage> = {},
  result: TaggingResult | null = taggingResult(),
): Promise<string> {
  const images = hub.app.get(ImageRepository);
  const id = fields.id ?? randomUUID();
  await images.create(ownerId, {
    id,
    source: 'api',
    fileName: `${id}.jpg`,
    mimeType: 'image/jpeg',
    byteSize: 1,
    sha256: '0'.repeat(64),
    blobKey: null,
    stored: false,
    language: 'en',
    ...fields,
  });
  if (result) await images.markDone(ownerId, id, result, 'test', new Date());
  return id;
}

/** Uploads a photo as the signed-in owner of `cookie` and waits for its result (?wait=true); answers 200. */
export function tagAndWait(hub: TestHub, cookie: string, photo: Buffer, fileName: string): request.Test {
  return request(hub.http)
    .post('/v1/images?wait=true')
    .set('Cookie', cookie)
    .attach('file', photo, fileName)
    .expect(200);
}

/** A new account (as newAccount) with its owner id, as GET /v1/auth/me tells it. */
export async function newOwner(hub: TestHub): Promise<Awaited<ReturnType<typeof newAccount>> & { id: string }> {
  const account = await newAccount(hub);
  const me = await request(hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200);
  return { ...account, id: me.body.id as string };
}

/** Polls an image until it leaves queued/processing, with an API key (or, given a cookie, a session). */
export async function waitForImage(
  hub: TestHub,
  apiKey: string,
  id: string,
  timeoutMs = 60_000,
  cookie?: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  const auth = cookie ? { Cookie: cookie } : { Authorization: `Bearer ${apiKey}` };
  for (;;) {
    const response = await request(hub.http).get(`/v1/images/${id}`).set(auth).expect(200);
    if (response.body.status === 'done' || response.body.status === 'failed') return response.body;
    if (Date.now() > deadline) throw new Error(`image ${id} still ${response.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A clock the test moves by hand. */
export class ManualClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
