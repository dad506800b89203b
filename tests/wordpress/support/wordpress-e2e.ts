import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubProcess, startHubProcess } from '../../support/hub-process';
import { MODEL_DIR, REDIS_URL, REPO_ROOT } from '../../support/hub';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import type { WordPressSite } from './wordpress-site';

export const EVAL = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval');

/** An attachment as the REST API shows it to an editor, with the plugin's `tagphoto` field. */
export interface Media {
  id: number;
  alt_text: string;
  title: { raw: string };
  tagphoto: {
    status: string;
    error: string;
    hubImageId: string;
    written: string[];
    suggestion: { altText: string; reasons: string[] } | null;
  };
}

/** The statuses after which nothing more happens to an attachment without a person or a new request. */
const SETTLED = ['done', 'failed', 'skipped', 'review'];

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Runs every step even if an earlier one fails, so no server, process or database outlives the run. */
export async function stopAll(steps: Array<() => unknown>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps)
    await Promise.resolve()
      .then(step)
      .catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/** The real hub (built, as its own process) on a fresh PostgreSQL database, able to call WordPress on 127.0.0.1. */
export async function startHubForWordPress(name: string): Promise<{ hub: HubProcess; stop(): Promise<void> }> {
  const database: TestDatabase = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), `tagphoto-${name}-`));
  let hub: HubProcess | undefined;
  const stop = () =>
    stopAll([() => hub?.stop('SIGTERM'), () => database.drop(), () => rm(dataDir, { recursive: true, force: true })]);
  try {
    hub = await startHubProcess({
      DATABASE_URL: database.url,
      REDIS_URL,
      TAGPHOTO_QUEUE_PREFIX: `${name}-${randomBytes(6).toString('hex')}`,
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
      TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { hub, stop };
}

/** The media library of a test site, through its REST API as the admin. */
export class MediaLibrary {
  constructor(
    private readonly site: () => WordPressSite,
    private readonly hubOutput: () => string,
  ) {}

  async media(id: number): Promise<Media> {
    return json<Media>(await this.site().rest(`/wp-json/wp/v2/media/${id}?context=edit`), 200);
  }

  /** Runs WP-Cron (as a system cron would) until the hub's callback has landed. */
  async untilSettled(id: number, timeoutMs = 60_000): Promise<Media> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.site().runCron();
      const item = await this.media(id);
      if (SETTLED.includes(item.tagphoto.status)) return item;
      if (Date.now() > deadline) {
        throw new Error(
          `attachment ${id} still ${item.tagphoto.status}\n--- hub ---\n${this.hubOutput()}\n--- wordpress ---\n${this.site().output().slice(-4000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Uploads a JPEG through POST /wp/v2/media, as the block editor does. */
  async upload(file: string, { query = '', dir = EVAL }: { query?: string; dir?: string } = {}): Promise<Media> {
    const response = await this.site().rest(`/wp-json/wp/v2/media${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', 'Content-Disposition': `attachment; filename="${file}"` },
      body: await readFile(join(dir, file)),
    });
    return json<Media>(response, 201);
  }
}

/**
 * "Connect to TagPhoto" without a browser, as the plugin and the owner's browser do it: the owner approves the site
 * (PKCE challenge), the site exchanges the code and verifier for its own API key and callback secret, and the plugin
 * is configured with them. The site is then a WordPress connection of the owner.
 */
export async function connectSite(
  hubUrl: string,
  cookie: string,
  site: WordPressSite,
  settings: Record<string, unknown> = {},
): Promise<{ apiKey: string; callbackSecret: string; connectionId: string }> {
  const verifier = randomBytes(48).toString('base64url');
  const approved = await json<{ redirectUrl: string }>(
    await fetch(`${hubUrl}/v1/wordpress/authorizations`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        siteUrl: site.url,
        siteName: 'Test site',
        redirectUri: `${site.url}/wp-admin/admin-post.php?action=tagphoto_connected`,
        state: randomBytes(16).toString('hex'),
        codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
        codeChallengeMethod: 'S256',
      }),
    }),
    201,
  );
  const code = new URL(approved.redirectUrl).searchParams.get('code');
  const credentials = await json<{ apiKey: string; callbackSecret: string; connectionId: string }>(
    await fetch(`${hubUrl}/v1/wordpress/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteUrl: site.url, code, codeVerifier: verifier }),
    }),
    200,
  );
  await site.configure({
    apiKey: credentials.apiKey,
    callbackSecret: credentials.callbackSecret,
    settings: { hub_url: hubUrl, language: 'en', fields: [], overwrite: 'keep_person', publish: 'auto', ...settings },
  });
  return credentials;
}

/**
 * Polls `read` until `done` holds of its value: a message the hub sends from a job arrives a moment later, or after a
 * retry (the job backs off when WordPress, busy on a loaded machine, does not answer within the webhook timeout).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
