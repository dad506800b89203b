import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'svix';
import { buildPlugin } from '../../apps/wordpress-plugin/build';
import { HubProcess, signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { MODEL_DIR, REDIS_URL, REPO_ROOT } from '../support/hub';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { PLUGIN_DIR, startWordPress, WordPressSite } from './support/wordpress-site';
import { TcpProxy } from '../support/tcp-proxy';

const EVAL = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval');
const LIBRARY = [
  'aerial', 'aloe', 'apple', 'astronaut', 'baboon', 'basketball', 'building', 'butterfly', 'cameraman', 'chelsea',
  'dog', 'fruits', 'home', 'lake', 'leuven', 'motorcycle', 'orange', 'plant', 'robin', 'rocket',
].map((name) => join(EVAL, `${name}.jpg`));

interface TagPhotoField {
  status: string;
  error: string;
  hubImageId: string;
  written: string[];
}
interface Media {
  id: number;
  alt_text: string;
  title: { raw: string };
  tagphoto: TagPhotoField;
}
interface Progress {
  state: string;
  total: number;
  done: number;
  failed: number;
  pending: number;
  cursor: number;
  complete: boolean;
  sent?: number;
  wait?: number;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

describe('TagPhoto for WordPress, in a real WordPress with the real hub', () => {
  let database: TestDatabase;
  let dataDir: string;
  let hub: HubProcess;
  let proxy: TcpProxy;
  let site: WordPressSite;
  let apiKey: string;
  let callbackSecret: string;
  let library: number[];
  let proxyUrl: string;

  beforeAll(async () => {
    await buildPlugin();
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-wp-hub-'));
    hub = await startHubProcess({
      DATABASE_URL: database.url,
      REDIS_URL,
      TAGPHOTO_QUEUE_PREFIX: `wp-${randomBytes(6).toString('hex')}`,
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
      TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    proxy = new TcpProxy('127.0.0.1', Number(new URL(hub.url).port));
    proxyUrl = `http://127.0.0.1:${await proxy.start()}`;

    const cookie = await signUpAndSignIn(hub.url, `wp-${randomBytes(4).toString('hex')}@example.com`);
    const key = await json<{ key: string }>(
      await fetch(`${hub.url}/v1/api-keys`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wordpress' }) }),
      201,
    );
    apiKey = key.key;
    callbackSecret = (await json<{ secret: string }>(await fetch(`${hub.url}/v1/webhooks/callback-secret`, { headers: { cookie } }), 200)).secret;

    site = await startWordPress();
    // Imported before the plugin knows its hub: the existing library the backfill is for.
    library = await site.importImages(LIBRARY);
    await site.configure({
      apiKey,
      callbackSecret,
      settings: { hub_url: proxyUrl, language: 'en', fields: ['title'], overwrite: 'keep_person', per_minute: 600, batch_size: 5 },
    });
  });

  afterAll(async () => {
    // Every step runs even if an earlier one fails, so no server, process or database outlives the run.
    const steps = [
      () => site?.stop(),
      () => proxy?.stop(),
      () => hub?.stop('SIGTERM'),
      () => database?.drop(),
      () => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  });

  async function media(id: number): Promise<Media> {
    return json<Media>(await site.rest(`/wp-json/wp/v2/media/${id}?context=edit`), 200);
  }

  /** Runs WP-Cron (as a system cron would) until the hub's callback has landed. */
  async function untilSettled(id: number, timeoutMs = 60_000): Promise<Media> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await site.runCron();
      const item = await media(id);
      if (item.tagphoto.status === 'done' || item.tagphoto.status === 'failed') return item;
      if (Date.now() > deadline) {
        throw new Error(`attachment ${id} still ${item.tagphoto.status}\n--- hub ---\n${hub.output()}\n--- wordpress ---\n${site.output().slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function upload(file: string, query = ''): Promise<Media> {
    const response = await site.rest(`/wp-json/wp/v2/media${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', 'Content-Disposition': `attachment; filename="${file}"` },
      body: await readFile(join(EVAL, file)),
    });
    return json<Media>(response, 201);
  }

  async function hubImage(id: string): Promise<{ status: string; result: { altText: string; title: string; tags: { label: string }[] } }> {
    return json(await fetch(`${hub.url}/v1/images/${id}`, { headers: { Authorization: `Bearer ${apiKey}` } }), 200);
  }

  async function tagNames(id: number): Promise<string[]> {
    const terms = await json<{ name: string }[]>(await site.rest(`/wp-json/wp/v2/tagphoto_tag?post=${id}&per_page=100`), 200);
    return terms.map((term) => term.name).sort();
  }

  it('shows the settings without ever printing the API key or the callback secret back', async () => {
    const html = await site.adminPage('settings');
    expect(html).toContain(`value="${new URL(proxyUrl).origin}"`);
    expect(html).not.toContain(apiKey);
    expect(html).not.toContain(callbackSecret);
    expect(html).not.toContain(callbackSecret.slice('whsec_'.length));
    expect(html.match(/Saved — leave empty to keep/g)).toHaveLength(2);
    const connection = await json<{ ok: boolean; message: string }>(await site.rest('/wp-json/tagphoto/v1/test-connection', post({})), 200);
    expect(connection).toEqual({ ok: true, message: 'Connected: the hub accepted the API key.' });
  });

  it('writes the alt text made by the hub’s engine onto an image uploaded through the REST API', async () => {
    const created = await upload('coffee.jpg');
    // The upload only queued the work: nothing was sent to the hub while the person waited.
    expect(created.tagphoto.status).toBe('queued');

    const item = await untilSettled(created.id);
    expect(item.tagphoto).toMatchObject({ status: 'done', error: '' });
    const fromHub = await hubImage(item.tagphoto.hubImageId);
    expect(fromHub.status).toBe('done');
    expect(fromHub.result.altText.length).toBeGreaterThan(0);
    expect(item.alt_text).toBe(fromHub.result.altText);
    // WordPress titled it "coffee" after the file; the hub's title replaces that, as the settings ask.
    expect(item.title.raw).toBe(fromHub.result.title);
    expect(item.tagphoto.written.sort()).toEqual(['alt', 'title']);
    const labels = [...new Set(fromHub.result.tags.map((tag) => tag.label))].slice(0, 12).sort();
    expect(labels.length).toBeGreaterThan(0);
    expect(await tagNames(created.id)).toEqual(labels);
  });

  it('never overwrites alt text or a title a person wrote', async () => {
    const alt = 'My morning espresso on the balcony';
    const title = 'Balcony coffee';
    const created = await upload('coffee.jpg', `?alt_text=${encodeURIComponent(alt)}&title=${encodeURIComponent(title)}`);
    const item = await untilSettled(created.id);
    expect(item.tagphoto.status).toBe('done');
    expect(item.alt_text).toBe(alt);
    expect(item.title.raw).toBe(title);
    expect(item.tagphoto.written).toEqual([]);
    // The hub did tag it: its tags are attached.
    expect((await tagNames(created.id)).length).toBeGreaterThan(0);
  });

  it('backfills the 20 images already in the library: rate-limited batches, pause and resume, progress to the end', async () => {
    for (const id of library) expect((await media(id)).tagphoto.status).toBe('');
    await site.configure({ settings: { per_minute: 7, batch_size: 5 } });

    const started = await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'start' })), 200);
    expect(started).toMatchObject({ state: 'running', cursor: 0 });
    const untaggedAtStart = started.pending;
    expect(untaggedAtStart).toBeGreaterThanOrEqual(library.length);

    const first = await step();
    expect(first).toMatchObject({ sent: 5, cursor: library[4], wait: 0 });
    // Seven a minute: two more now, then the batch must wait for the next minute.
    const second = await step();
    expect(second).toMatchObject({ sent: 2, cursor: library[6] });
    expect(second.wait).toBeGreaterThan(0);
    expect(await step()).toMatchObject({ sent: 0, cursor: library[6] });

    const paused = await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'pause' })), 200);
    expect(paused.state).toBe('paused');
    await site.configure({ settings: { per_minute: 600 } });
    expect(await step()).toMatchObject({ state: 'paused', sent: 0, cursor: library[6] });

    // Resumed from where it stopped, on WP-Cron this time.
    expect((await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'resume' })), 200)).state).toBe('running');
    const seen: Progress[] = [];
    const deadline = Date.now() + 100_000;
    for (;;) {
      await site.runCron();
      const progress = await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill'), 200);
      seen.push(progress);
      if (progress.complete) break;
      if (Date.now() > deadline) throw new Error(`backfill stuck at ${JSON.stringify(progress)}\n${hub.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({ state: 'done', failed: 0, pending: 0, total: started.total, done: started.total });
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    for (const id of library) {
      const item = await media(id);
      expect(item.tagphoto.status).toBe('done');
      expect(item.alt_text.length).toBeGreaterThan(0);
    }
  });

  it('backfills from the command line with the same code (wp tagphoto backfill)', async () => {
    await site.configure({ settings: { auto_tag: false } });
    const added = await site.importImages(['butterfly', 'fruits', 'rocket'].map((name) => join(EVAL, `${name}.jpg`)));
    await site.configure({ settings: { auto_tag: true, per_minute: 600 } });

    const printed = await site.cli('backfill');
    const total = (await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill'), 200)).total;
    expect(printed).toContain(`progress: ${total}`);
    expect(printed[printed.length - 1]).toMatch(new RegExp(`^Success: ${total} images: \\d+ tagged, 0 failed`));
    for (const id of added) {
      const item = await untilSettled(id);
      expect(item.tagphoto.status).toBe('done');
      expect(item.alt_text.length).toBeGreaterThan(0);
    }
    const status = JSON.parse((await site.cli('status'))[0]!) as Progress;
    expect(status).toMatchObject({ state: 'done', total, done: total, pending: 0, complete: true });
  });

  it('keeps the upload working while the hub is down, shows the error on the media item, and retries work', async () => {
    await proxy.cut();
    let byButton: Media;
    let byCron: Media;
    try {
      byButton = await upload('orange.jpg');
      byCron = await upload('squirrel.jpg');
      for (const created of [byButton, byCron]) {
        const failed = await untilSettled(created.id);
        expect(failed.tagphoto.status).toBe('failed');
        expect(failed.tagphoto.error).toContain('Could not reach the hub');
        expect(failed.alt_text).toBe('');
      }
      const connection = await json<{ ok: boolean; message: string }>(await site.rest('/wp-json/tagphoto/v1/test-connection', post({})), 200);
      expect(connection.ok).toBe(false);
      expect(connection.message).toContain('Could not reach the hub');
      const fields = await site.mediaFields(byButton.id);
      expect(fields).toContain('Could not reach the hub');
      expect(fields).toContain('Retry');
    } finally {
      await proxy.restore();
    }
    // The media item's Retry button calls this route.
    const retried = await json<{ status: string }>(await site.rest(`/wp-json/tagphoto/v1/attachments/${byButton.id}/generate`, post({})), 200);
    expect(retried.status).toBe('processing');
    // The hourly retry, made due now.
    await site.makeDue('tagphoto_maintenance');
    for (const created of [byButton, byCron]) {
      const item = await untilSettled(created.id);
      expect(item.tagphoto).toMatchObject({ status: 'done', error: '' });
      expect(item.alt_text).toBe((await hubImage(item.tagphoto.hubImageId)).result.altText);
    }
  });

  describe('the callback route', () => {
    let target: Media;

    beforeAll(async () => {
      target = await untilSettled((await upload('apple.jpg')).id);
    });

    function forged(altText: string, id = target.tagphoto.hubImageId): string {
      return JSON.stringify({
        type: 'image.tagged',
        timestamp: new Date().toISOString(),
        data: { image: { id, status: 'done', result: { altText, title: altText, tags: [{ label: 'forged', confidence: 1, source: 'labels' }] }, error: null } },
      });
    }

    async function deliver(body: string, headers: Record<string, string>): Promise<Response> {
      return fetch(`${site.url}/wp-json/tagphoto/v1/callback?attachment=${target.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    }

    function signed(secret: string, body: string, at = new Date()): Record<string, string> {
      const id = `msg_${randomBytes(6).toString('hex')}`;
      return {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(id, at, body),
      };
    }

    it('rejects a forged callback with 401 and leaves the attachment as it was', async () => {
      const body = forged('Forged alt text');
      const attacker = `whsec_${randomBytes(24).toString('base64')}`;
      expect((await deliver(body, signed(attacker, body))).status).toBe(401);
      expect((await deliver(body, {})).status).toBe(401);
      const stale = new Date(Date.now() - 10 * 60_000);
      expect((await deliver(body, signed(callbackSecret, body, stale))).status).toBe(401);
      const after = await media(target.id);
      expect(after.alt_text).toBe(target.alt_text);
      expect(await tagNames(target.id)).not.toContain('forged');
    });

    it('acknowledges but does not apply a correctly signed result that belongs to another hub image', async () => {
      const body = forged('Someone else’s image', '00000000-0000-4000-8000-000000000000');
      const response = await deliver(body, signed(callbackSecret, body));
      expect(await json<{ applied: boolean }>(response, 200)).toEqual({ applied: false });
      expect((await media(target.id)).alt_text).toBe(target.alt_text);
    });
  });

  it('ran without a PHP notice, warning or error from the plugin', async () => {
    const log = await site.debugLog();
    // The plugin is symlinked into wp-content/plugins, so PHP names its files by their real path.
    const fromPlugin = (line: string) => line.includes(PLUGIN_DIR) || line.includes('/plugins/tagphoto/') || line.includes('TagPhoto_');
    expect(log.split('\n').filter(fromPlugin)).toEqual([]);
  });

  function post(data: unknown): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) };
  }

  async function step(): Promise<Progress> {
    return json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill/step', post({})), 200);
  }
});
