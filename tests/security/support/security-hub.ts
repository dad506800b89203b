import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_DIR, REDIS_URL } from '../../support/hub';
import { HubProcess, signUpAndSignIn, startHubProcess } from '../../support/hub-process';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

export interface Account {
  email: string;
  cookie: string;
  apiKey: string;
}

export interface SecurityHub {
  url: string;
  process: HubProcess;
  /** Signs up, signs in and creates an API key. */
  newAccount(): Promise<Account>;
  close(): Promise<void>;
}

/**
 * A real hub process in server mode (its own PostgreSQL database, BullMQ on Redis under its own prefix), as an
 * outside attacker meets it over HTTP. `env` adds or overrides settings.
 */
export async function startSecurityHub(env: Record<string, string> = {}): Promise<SecurityHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-security-'));
  let database: TestDatabase | undefined;
  let started: HubProcess | undefined;
  try {
    database = await createTestDatabase();
    started = await startHubProcess({
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
      DATABASE_URL: database.url,
      REDIS_URL,
      TAGPHOTO_QUEUE_PREFIX: `security-${randomBytes(6).toString('hex')}`,
      // Every test signs up from the same address; a suite about those limits sets its own.
      TAGPHOTO_RATE_LIMIT_AUTH: '10000',
      LOG_LEVEL: 'warn',
      ...env,
    });
  } catch (error) {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const hub = started;
  return {
    url: hub.url,
    process: hub,
    newAccount: async () => {
      const email = `security-${randomBytes(5).toString('hex')}@example.com`;
      const cookie = await signUpAndSignIn(hub.url, email);
      const key = await fetch(`${hub.url}/v1/api-keys`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{"name":"security"}',
      });
      if (key.status !== 201) throw new Error(`creating an API key answered ${key.status}: ${await key.text()}`);
      return { email, cookie, apiKey: ((await key.json()) as { key: string }).key };
    },
    close: async () => {
      await hub.stop('SIGTERM');
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON answer of a request, with its status and headers; an answer of another type (a CSV) reads as {}. */
export async function call(
  url: string,
  init: RequestInit = {},
): Promise<{
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}> {
  const response = await fetch(url, init);
  const text = await response.text();
  const json = text && /^application\/json\b/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: json ? (JSON.parse(text) as never) : {} };
}
