import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'svix';
import { buildPlugin } from '../../apps/wordpress-plugin/build';
import { createApiKey, type HubProcess, signUpAndSignIn } from '../support/hub-process';
import { EVAL, json, Media, MediaLibrary, startHubForWordPress, stopAll } from './support/wordpress-e2e';
import { PLUGIN_DIR, PLUGIN_STUBS, SITE_HOOKS, startWordPress, WordPressSite } from './support/wordpress-site';
import { TcpProxy } from '../support/tcp-proxy';

const LIBRARY = [
  'aerial',
  'aloe',
  'apple',
  'astronaut',
  'baboon',
  'basketball',
  'building',
  'butterfly',
  'cameraman',
  'chelsea',
  'dog',
  'fruits',
  'home',
  'lake',
  'leuven',
  'motorcycle',
  'orange',
  'plant',
  'robin',
  'rocket',
].map((name) => join(EVAL, `${name}.jpg`));

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

describe('TagPhoto for WordPress, in a real WordPress with the real hub', () => {
  let hub: HubProcess;
  let stopHub: () => Promise<void>;
  let proxy: TcpProxy;
  let site: WordPressSite;
  let apiKey: string;
  let callbackSecret: string;
  let library: number[];
  let proxyUrl: string;
  const mediaLibrary = new MediaLibrary(
    () => site,
    () => hub.output(),
  );
  const media = (id: number) => mediaLibrary.media(id);
  const untilSettled = (id: number) => mediaLibrary.untilSettled(id);
  const upload = (file: string, query = '') => mediaLibrary.upload(file, { query });

  beforeAll(async () => {
    await buildPlugin();
    ({ hub, stop: stopHub } = await startHubForWordPress('wp'));
    proxy = new TcpProxy('127.0.0.1', Number(new URL(hub.url).port));
    proxyUrl = `http://127.0.0.1:${await proxy.start()}`;

    const cookie = await signUpAndSignIn(hub.url, `wp-${randomBytes(4).toString('hex')}@example.com`);
    apiKey = (await createApiKey(hub.url, cookie, 'wordpress')).key;
    callbackSecret = (
      await json<{ secret: string }>(
        await fetch(`${hub.url}/v1/webhooks/callback-secret`, { headers: { cookie } }),
        200,
      )
    ).secret;

    site = await startWordPress({ muPlugins: [PLUGIN_STUBS, SITE_HOOKS] });
    // Imported before the plugin knows its hub: the existing library the backfill is for.
    library = await site.importImages(LIBRARY);
    await site.configure({
      apiKey,
      callbackSecret,
      settings: {
        hub_url: proxyUrl,
        language: 'en',
        fields: ['title'],
        overwrite: 'keep_person',
        per_minute: 600,
        batch_size: 5,
      },
    });
  });

  afterAll(() => stopAll([() => site?.stop(), () => proxy?.stop(), () => stopHub?.()]));

  type HubImage = {
    status: string;
    result: { altText: string; title: string; language: string; tags: { label: string }[] };
  };
  async function hubImage(id: string): Promise<HubImage> {
    return json(await fetch(`${hub.url}/v1/images/${id}`, { headers: { Authorization: `Bearer ${apiKey}` } }), 200);
  }

  /** The file name of every image the hub has for this account. */
  async function hubFileNames(): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { fileName: string | null }[]; nextCursor: string | null } = await json(
        await fetch(`${hub.url}/v1/images?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          headers: { Authorization: `Bearer ${apiKey}` },
        }),
        200,
      );
      names.push(...page.items.map((item) => item.fileName ?? ''));
      cursor = page.nextCursor;
    } while (cursor);
    return names;
  }

  async function tagNames(id: number): Promise<string[]> {
    const terms = await json<{ name: string }[]>(
      await site.rest(`/wp-json/wp/v2/tagphoto_tag?post=${id}&per_page=100`),
      200,
    );
    return terms.map((term) => term.name).sort();
  }

  it('shows the settings without ever printing the API key or the callback secret back', async () => {
    const html = await site.adminPage('settings');
    expect(html).toContain(`value="${new URL(proxyUrl).origin}"`);
    expect(html).not.toContain(apiKey);
    expect(html).not.toContain(callbackSecret);
    expect(html).not.toContain(callbackSecret.slice('whsec_'.length));
    expect(html.match(/Saved — leave empty to keep/g)).toHaveLength(2);
    const connection = await json<{ ok: boolean; message: string }>(
      await site.rest('/wp-json/tagphoto/v1/test-connection', post({})),
      200,
    );
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
    const created = await upload(
      'coffee.jpg',
      `?alt_text=${encodeURIComponent(alt)}&title=${encodeURIComponent(title)}`,
    );
    const item = await untilSettled(created.id);
    expect(item.tagphoto.status).toBe('done');
    expect(item.alt_text).toBe(alt);
    expect(item.title.raw).toBe(title);
    expect(item.tagphoto.written).toEqual([]);
    // The hub did tag it: its tags are attached.
    expect((await tagNames(created.id)).length).toBeGreaterThan(0);
  });

  describe('alt text where visitors see it: images already placed in posts', () => {
    interface Post {
      id: number;
      content: { raw: string };
    }
    interface Revision {
      id: number;
      content: { raw: string };
    }
    let image: number;
    let other: number;
    let src: string;

    const createPost = async (content: string): Promise<Post> =>
      json<Post>(
        await site.rest(
          '/wp-json/wp/v2/posts?context=edit',
          post({ title: 'With a photo', status: 'publish', content }),
        ),
        201,
      );
    const readPost = async (id: number): Promise<Post> =>
      json<Post>(await site.rest(`/wp-json/wp/v2/posts/${id}?context=edit`), 200);
    const revisions = async (id: number): Promise<Revision[]> =>
      json<Revision[]>(await site.rest(`/wp-json/wp/v2/posts/${id}/revisions?context=edit`), 200);
    const block = (id: number, alt: string) =>
      `<!-- wp:image {"id":${id},"sizeSlug":"full","linkDestination":"none"} -->\n<figure class="wp-block-image size-full"><img src="${src}" alt="${alt}" class="wp-image-${id}"/></figure>\n<!-- /wp:image -->`;

    beforeAll(async () => {
      await site.configure({ settings: { auto_tag: false } });
      [image, other] = await site.importImages([join(EVAL, 'robin.jpg'), join(EVAL, 'aloe.jpg')]);
      await site.configure({ settings: { auto_tag: true } });
      src = (await json<{ source_url: string }>(await site.rest(`/wp-json/wp/v2/media/${image}`), 200)).source_url;
    });

    it('fills the empty alt of the image in core/image blocks and classic <img> tags, saved as a revision, and never overwrites a person’s alt', async () => {
      const blocks = await createPost(`${block(image, '')}\n\n${block(other, '')}`);
      const classic = await createPost(
        `<p><img class="alignnone size-full wp-image-${image}" src="${src}" alt="" width="64" height="64" /> and <img src="${src}" class="wp-image-${image}"></p>`,
      );
      const personBlock = await createPost(block(image, 'Our garden robin, photographed by Anna'));
      const personClassic = await createPost(
        `<p><img class="wp-image-${image}" src="${src}" alt="Handwritten description" /></p>`,
      );
      const before = new Map<number, { raw: string; revisions: number }>();
      for (const { id } of [blocks, classic, personBlock, personClassic]) {
        before.set(id, { raw: (await readPost(id)).content.raw, revisions: (await revisions(id)).length });
      }

      expect(
        (
          await json<{ status: string }>(
            await site.rest(`/wp-json/tagphoto/v1/attachments/${image}/generate`, post({})),
            200,
          )
        ).status,
      ).toBe('processing');
      const tagged = await untilSettled(image);
      expect(tagged.tagphoto.status).toBe('done');
      const alt = tagged.alt_text;
      expect(alt.length).toBeGreaterThan(0);
      const attribute = alt
        .replace(/&/g, '&amp;')
        .replace(/"/g, '&quot;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/'/g, '&#039;');

      const blockAfter = (await readPost(blocks.id)).content.raw;
      expect(blockAfter).toBe(`${block(image, attribute)}\n\n${block(other, '')}`);
      const classicAfter = (await readPost(classic.id)).content.raw;
      expect(
        classicAfter.match(new RegExp(`alt="${attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g')),
      ).toHaveLength(2);

      // Undo: the version before TagPhoto is a revision, the new one is the latest.
      for (const changed of [blocks.id, classic.id]) {
        const list = await revisions(changed);
        expect(list.length).toBeGreaterThan(before.get(changed)!.revisions);
        expect(list[0].content.raw).toBe((await readPost(changed)).content.raw);
        expect(list.map((revision) => revision.content.raw)).toContain(before.get(changed)!.raw);
      }
      // A person's alt text in a post wins: content and revisions untouched.
      for (const kept of [personBlock.id, personClassic.id]) {
        expect((await readPost(kept)).content.raw).toBe(before.get(kept)!.raw);
        expect(await revisions(kept)).toHaveLength(before.get(kept)!.revisions);
      }
    });
  });

  it('backfills the 20 images already in the library: rate-limited batches, pause and resume, progress to the end', async () => {
    for (const id of library) expect((await media(id)).tagphoto.status).toBe('');
    await site.configure({ settings: { per_minute: 7, batch_size: 5 } });

    const started = await json<Progress>(
      await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'start' })),
      200,
    );
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

    const paused = await json<Progress>(
      await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'pause' })),
      200,
    );
    expect(paused.state).toBe('paused');
    await site.configure({ settings: { per_minute: 600 } });
    expect(await step()).toMatchObject({ state: 'paused', sent: 0, cursor: library[6] });

    // Resumed from where it stopped, on WP-Cron this time.
    expect(
      (await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'resume' })), 200)).state,
    ).toBe('running');
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
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ state: 'done', failed: 0, pending: 0, total: started.total, done: started.total });
    for (let i = 1; i < seen.length; i += 1) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
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
    const status = JSON.parse((await site.cli('status'))[0]) as Progress;
    expect(status).toMatchObject({ state: 'done', total, done: total, pending: 0, complete: true });
  });

  it('never sends an image twice when WP-Cron, an open admin tab and WP-CLI run the backfill at the same time', async () => {
    await site.configure({ settings: { auto_tag: false } });
    const added = await site.importImages(
      ['astronaut', 'baboon', 'building', 'chelsea', 'home', 'lake', 'leuven', 'motorcycle'].map((name) =>
        join(EVAL, `${name}.jpg`),
      ),
    );
    await site.configure({ settings: { auto_tag: true, per_minute: 600, batch_size: 2 } });
    const started = await json<Progress>(
      await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'start' })),
      200,
    );
    expect(started.pending).toBeGreaterThanOrEqual(added.length);

    // Three runners at once, each going until the backfill says it is finished.
    const adminTab = async () => {
      while ((await step()).state === 'running');
    };
    const cron = async () => {
      do await site.runCron();
      while ((await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill'), 200)).state === 'running');
    };
    await Promise.all([adminTab(), cron(), site.cli('backfill', '--resume'), adminTab()]);

    const sentAs = new Map<number, string>();
    for (const id of added) {
      const item = await untilSettled(id);
      expect(item.tagphoto.status).toBe('done');
      const { source_url: url } = await json<{ source_url: string }>(
        await site.rest(`/wp-json/wp/v2/media/${id}`),
        200,
      );
      sentAs.set(id, url.slice(url.lastIndexOf('/') + 1));
    }
    // The hub saw each file exactly once.
    const names = await hubFileNames();
    for (const [id, file] of sentAs) expect([id, names.filter((name) => name === file).length]).toEqual([id, 1]);
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
      const connection = await json<{ ok: boolean; message: string }>(
        await site.rest('/wp-json/tagphoto/v1/test-connection', post({})),
        200,
      );
      expect(connection.ok).toBe(false);
      expect(connection.message).toContain('Could not reach the hub');
      const fields = await site.mediaFields(byButton.id);
      expect(fields).toContain('Could not reach the hub');
      expect(fields).toContain('Retry');
    } finally {
      await proxy.restore();
    }
    // The media item's Retry button calls this route.
    const retried = await json<{ status: string }>(
      await site.rest(`/wp-json/tagphoto/v1/attachments/${byButton.id}/generate`, post({})),
      200,
    );
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
        data: {
          image: {
            id,
            status: 'done',
            result: { altText, title: altText, tags: [{ label: 'forged', confidence: 1, source: 'labels' }] },
            error: null,
          },
        },
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

    it.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=tagphoto'])(
      'refuses a callback correctly signed by the hub but sent as %s with 415, and leaves the attachment as it was',
      async (contentType) => {
        const body = forged('Relabelled alt text');
        const response = await deliver(body, { ...signed(callbackSecret, body), 'content-type': contentType });
        expect(response.status).toBe(415);
        expect(((await response.json()) as { code: string }).code).toBe('tagphoto_unsupported_media_type');
        expect((await media(target.id)).alt_text).toBe(target.alt_text);
        expect(await tagNames(target.id)).not.toContain('forged');
      },
    );

    it('acknowledges but does not apply a correctly signed result that belongs to another hub image', async () => {
      const body = forged('Someone else’s image', '00000000-0000-4000-8000-000000000000');
      const response = await deliver(body, signed(callbackSecret, body));
      expect(await json<{ applied: boolean }>(response, 200)).toEqual({ applied: false });
      expect((await media(target.id)).alt_text).toBe(target.alt_text);
    });
  });

  describe('other plugins’ context and the site’s own hooks', () => {
    // WooCommerce, Yoast SEO, Rank Math, WPML, Polylang and Action Scheduler are not installable here: their documented
    // functions are stubbed at the plugin boundary (support/plugin-stubs.php), each on only for its test.
    afterEach(async () => {
      await site.setOption('e2e_plugin_stubs', []);
      await site.setOption('e2e_site_hooks', []);
      await site.configure({ settings: { context: [], auto_tag: true } });
    });

    const create = async (type: 'posts' | 'product', title: string): Promise<number> =>
      (await json<{ id: number }>(await site.rest(`/wp-json/wp/v2/${type}`, post({ title, status: 'publish' })), 201))
        .id;

    /** Images added while the plugin does not tag on upload, then sent by the Generate route. */
    async function generateFor(
      files: string[],
      before: (ids: number[]) => Promise<void> = async () => undefined,
    ): Promise<Media[]> {
      await site.configure({ settings: { auto_tag: false } });
      const ids = await site.importImages(files);
      await site.configure({ settings: { auto_tag: true } });
      await before(ids);
      for (const id of ids) await site.rest(`/wp-json/tagphoto/v1/attachments/${id}/generate`, post({}));
      const items: Media[] = [];
      for (const id of ids) items.push(await untilSettled(id));
      return items;
    }

    it('includes the WooCommerce product name in a product image’s alt text', async () => {
      await site.setOption('e2e_plugin_stubs', ['woocommerce']);
      await site.configure({ settings: { context: ['product_name'] } });
      const product = await create('product', 'Blue Ceramic Mug');
      const item = await untilSettled((await upload('coffee.jpg', `?post=${product}`)).id);
      expect(item.tagphoto.status).toBe('done');
      expect(item.alt_text).toBe(`Blue Ceramic Mug: ${(await hubImage(item.tagphoto.hubImageId)).result.altText}`);
    });

    it('adds the post’s focus keyphrase from Yoast SEO, or else Rank Math’s primary one', async () => {
      await site.configure({ settings: { context: ['focus_keyphrase'] } });
      await site.setOption('e2e_plugin_stubs', ['yoast']);
      const yoastPost = await create('posts', 'Our espresso bar');
      await site.setPostMeta(yoastPost, '_yoast_wpseo_focuskw', 'espresso bar');
      const yoast = await untilSettled((await upload('coffee.jpg', `?post=${yoastPost}`)).id);
      expect(yoast.alt_text).toBe(`${(await hubImage(yoast.tagphoto.hubImageId)).result.altText} – espresso bar`);

      await site.setOption('e2e_plugin_stubs', ['rank-math']);
      const rankMathPost = await create('posts', 'Birds in the garden');
      await site.setPostMeta(rankMathPost, 'rank_math_focus_keyword', 'garden birds,robin');
      const rankMath = await untilSettled((await upload('robin.jpg', `?post=${rankMathPost}`)).id);
      expect(rankMath.alt_text).toBe(`${(await hubImage(rankMath.tagphoto.hubImageId)).result.altText} – garden birds`);
    });

    it('asks the hub for each translation’s own language with Polylang or WPML', async () => {
      await site.setOption('e2e_plugin_stubs', ['polylang']);
      const [german, french] = await generateFor([join(EVAL, 'dog.jpg'), join(EVAL, 'dog.jpg')], async ([de, fr]) => {
        await site.setPostMeta(de, '_e2e_language', 'de');
        await site.setPostMeta(fr, '_e2e_language', 'fr');
      });
      expect((await hubImage(german.tagphoto.hubImageId)).result.language).toBe('de');
      expect((await hubImage(french.tagphoto.hubImageId)).result.language).toBe('fr');
      expect(german.alt_text).not.toBe(french.alt_text);

      await site.setOption('e2e_plugin_stubs', ['wpml']);
      const [dutch] = await generateFor([join(EVAL, 'dog.jpg')], async ([nl]) =>
        site.setPostMeta(nl, '_e2e_language', 'nl'),
      );
      expect((await hubImage(dutch.tagphoto.hubImageId)).result.language).toBe('nl');
    });

    it('runs the backfill on Action Scheduler when it is present, not on WP-Cron', async () => {
      await site.setOption('e2e_plugin_stubs', ['action-scheduler']);
      await site.setOption('e2e_actions', []);
      await site.configure({ settings: { auto_tag: false } });
      const added = await site.importImages([join(EVAL, 'fruits.jpg'), join(EVAL, 'lake.jpg')]);
      await site.configure({ settings: { auto_tag: true } });
      await json(await site.rest('/wp-json/tagphoto/v1/backfill', post({ action: 'start' })), 200);
      expect(await site.option<Array<{ hook: string; group: string }>>('e2e_actions')).toEqual([
        expect.objectContaining({ hook: 'tagphoto_backfill_batch', group: 'tagphoto' }),
      ]);
      expect((await site.leftovers()).cron).not.toContain('tagphoto_backfill_batch');
      const deadline = Date.now() + 60_000;
      while (!(await json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill'), 200)).complete) {
        expect(Date.now()).toBeLessThan(deadline);
        await site.runActions();
        await site.runCron();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      for (const id of added) expect((await media(id)).tagphoto.status).toBe('done');
    });

    it('lets the site skip an image, change the alt text, choose the language and hear about each tagged image', async () => {
      await site.setOption('e2e_site_hooks', ['skip', 'alt-text', 'tagged', 'language']);
      await site.setOption('e2e_tagged', {});
      const dir = await mkdtemp(join(tmpdir(), 'tagphoto-wp-hooks-'));
      try {
        await copyFile(join(EVAL, 'tree.jpg'), join(dir, 'private-garden.jpg'));
        await copyFile(join(EVAL, 'leuven.jpg'), join(dir, 'italia-trip.jpg'));
        const [skipped, italian] = await generateFor([join(dir, 'private-garden.jpg'), join(dir, 'italia-trip.jpg')]);
        expect(skipped.tagphoto).toMatchObject({ status: 'skipped', hubImageId: '' });
        expect(skipped.alt_text).toBe('');
        const fromHub = (await hubImage(italian.tagphoto.hubImageId)).result;
        expect(fromHub.language).toBe('it');
        expect(italian.alt_text).toBe(`${fromHub.altText} (Acme Photo)`);
        const heard =
          await site.option<Record<string, { altText: string; written: Record<string, string> }>>('e2e_tagged');
        expect(Object.keys(heard!)).toEqual([String(italian.id)]);
        expect(heard![String(italian.id)]).toEqual({
          altText: fromHub.altText,
          written: expect.objectContaining({ alt: italian.alt_text }),
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('ran without a PHP notice, warning or error from the plugin', async () => {
    const log = await site.debugLog();
    // The plugin is symlinked into wp-content/plugins, so PHP names its files by their real path.
    const fromPlugin = (line: string) =>
      line.includes(PLUGIN_DIR) || line.includes('/plugins/tagphoto/') || line.includes('TagPhoto_');
    expect(log.split('\n').filter(fromPlugin)).toEqual([]);
  });

  function post(data: unknown): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) };
  }

  async function step(): Promise<Progress> {
    return json<Progress>(await site.rest('/wp-json/tagphoto/v1/backfill/step', post({})), 200);
  }
});
