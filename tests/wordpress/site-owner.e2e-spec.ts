import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { buildPlugin } from '../../apps/wordpress-plugin/build';
import { type HubProcess, signUpAndSignIn } from '../support/hub-process';
import { REPO_ROOT } from '../support/hub';
import { EVAL, json, Media, MediaLibrary, startHubForWordPress, stopAll } from './support/wordpress-e2e';
import { startWordPress, WordPressSite } from './support/wordpress-site';

const PASSWORD = 'a long enough password';

/**
 * What a site owner does by hand, in a real WordPress driven through headless Chromium against the real hub (its
 * dashboard included): install the plugin's zip, connect it in one click, use it, disconnect it. One hub, one site
 * and one browser for the whole file.
 */
describe('TagPhoto for WordPress, as a site owner sets it up in the browser', () => {
  let hub: HubProcess;
  let stopHub: () => Promise<void>;
  let site: WordPressSite;
  let browser: Browser;
  let page: Page;
  let email: string;
  let hubCookie: string;
  const visited: string[] = [];
  const mediaLibrary = new MediaLibrary(
    () => site,
    () => hub.output(),
  );
  const media = (id: number) => mediaLibrary.media(id);
  const untilSettled = (id: number) => mediaLibrary.untilSettled(id);
  const upload = (file: string, dir = EVAL) => mediaLibrary.upload(file, { dir });

  beforeAll(async () => {
    await buildPlugin();
    ({ hub, stop: stopHub } = await startHubForWordPress('wp-owner'));
    email = `owner-${randomBytes(4).toString('hex')}@example.com`;
    hubCookie = await signUpAndSignIn(hub.url, email, PASSWORD);

    site = await startWordPress({ plugin: 'none' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (request) => visited.push(request.url()));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${site.url}/wp-login.php`);
    await page.fill('#user_login', site.admin.user);
    await page.fill('#user_pass', site.admin.password);
    await Promise.all([page.waitForURL(/\/wp-admin\//), page.click('#wp-submit')]);
  });

  afterAll(() => stopAll([() => browser?.close(), () => site?.stop(), () => stopHub?.()]));

  const hubApi = (path: string, init: RequestInit = {}) =>
    fetch(`${hub.url}${path}`, { ...init, headers: { cookie: hubCookie, ...(init.headers ?? {}) } });

  async function settingsPage(): Promise<void> {
    await page.goto(`${site.url}/wp-admin/options-general.php?page=tagphoto`);
  }

  /** Settings → TagPhoto → "Connect to TagPhoto", through the hub's sign-in (when needed) and approval pages, back to WordPress. */
  async function connect(signIn: boolean): Promise<string> {
    await settingsPage();
    await page.fill('#tagphoto-hub-url', hub.url);
    await Promise.all([page.waitForURL(`${hub.url}/**`), page.click('#tagphoto-connect')]);
    if (signIn) {
      await page.waitForSelector('#email');
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
    }
    await page.waitForSelector('text=asks to tag its media library');
    await Promise.all([
      page.waitForURL(`${site.url}/wp-admin/options-general.php?page=tagphoto`),
      page.click('button:has-text("Approve")'),
    ]);
    return (await page.textContent('#tagphoto-notice')) ?? '';
  }

  it('installs the built tagphoto.zip through Plugins → Add New → Upload Plugin and activates it', async () => {
    await page.goto(`${site.url}/wp-admin/plugin-install.php?tab=upload`);
    await page.setInputFiles('#pluginzip', join(REPO_ROOT, 'apps', 'wordpress-plugin', 'tagphoto.zip'));
    await Promise.all([page.waitForURL(/update\.php\?action=upload-plugin/), page.click('#install-plugin-submit')]);
    expect(await page.textContent('.wrap')).toContain('Plugin installed successfully.');
    await Promise.all([page.waitForURL(/plugins\.php/), page.click('a:has-text("Activate Plugin")')]);
    expect(await page.textContent('#message')).toContain('Plugin activated.');
    expect(await page.getAttribute('tr[data-slug="tagphoto"]', 'class')).toContain('active');
    expect(await page.textContent('tr[data-slug="tagphoto"]')).toContain('TagPhoto');
  });

  let siteKey: string;

  it('connects in one click: the owner signs in to the hub, approves the site, and the site gets its own API key and callback secret', async () => {
    expect(await connect(true)).toContain('Connected to TagPhoto.');
    expect(await page.textContent('#tagphoto-connection-status')).toContain(
      `Connected to the TagPhoto hub at ${hub.url}.`,
    );

    const stored = await site.credentials();
    siteKey = stored.apiKey;
    expect(stored.apiKey).toMatch(/^tpk_/);
    expect(stored.callbackSecret).toMatch(/^whsec_/);
    // The site's own callback secret, not the account's.
    const account = await json<{ secret: string }>(await hubApi('/v1/webhooks/callback-secret'), 200);
    expect(stored.callbackSecret).not.toBe(account.secret);
    // Neither ever travelled in a URL: not in the browser's requests, not in either server's log.
    for (const secret of [stored.apiKey, stored.callbackSecret, stored.callbackSecret.slice('whsec_'.length)]) {
      expect(visited.filter((url) => url.includes(secret) || url.includes(encodeURIComponent(secret)))).toEqual([]);
      expect(site.output()).not.toContain(secret);
      expect(hub.output()).not.toContain(secret);
    }

    const connections = await json<Array<{ provider: string; externalAccount: string; status: string }>>(
      await hubApi('/v1/connections'),
      200,
    );
    expect(connections).toEqual([
      expect.objectContaining({ provider: 'wordpress', externalAccount: site.url, status: 'active' }),
    ]);
    // The hub's dashboard lists the site under Connections.
    await page.goto(`${hub.url}/connections`);
    const row = page.locator('tr', { hasText: site.url });
    await row.waitFor();
    expect(await row.textContent()).toContain('WordPress');
  });

  it('exchanges a one-time code exactly once, and only with the verifier of its challenge', async () => {
    // The code the browser carried back to WordPress above has been used.
    const returned = visited
      .map((url) => new URL(url))
      .find((url) => url.searchParams.get('action') === 'tagphoto_connected' && url.searchParams.has('code'));
    const exchange = (siteUrl: string, code: string, codeVerifier: string) =>
      fetch(`${hub.url}/v1/wordpress/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ siteUrl, code, codeVerifier }),
      });
    expect(returned).toBeDefined();
    expect(
      (await exchange(site.url, returned!.searchParams.get('code')!, randomBytes(48).toString('base64url'))).status,
    ).toBe(400);

    // A fresh approval for another site: a wrong verifier is refused, the right one works once.
    const other = `${site.url}/other-blog`;
    const verifier = randomBytes(48).toString('base64url');
    const approval = await json<{ redirectUrl: string }>(
      await hubApi('/v1/wordpress/authorizations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          siteUrl: other,
          siteName: 'Other blog',
          redirectUri: `${other}/wp-admin/admin-post.php?action=tagphoto_connected`,
          state: randomBytes(16).toString('hex'),
          codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
          codeChallengeMethod: 'S256',
        }),
      }),
      201,
    );
    const code = new URL(approval.redirectUrl).searchParams.get('code')!;
    const wrong = await exchange(other, code, randomBytes(48).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_grant');
    const first = await json<{ apiKey: string; connectionId: string }>(await exchange(other, code, verifier), 200);
    expect(first.apiKey).toMatch(/^tpk_/);
    expect((await exchange(other, code, verifier)).status).toBe(400);
    expect((await hubApi(`/v1/connections/${first.connectionId}`, { method: 'DELETE' })).status).toBe(204);
  });

  let tagged: Media;

  it('tags an upload with the site’s own key; the hub signs its callback with the site’s own secret', async () => {
    const created = await upload('coffee.jpg');
    tagged = await untilSettled(created.id);
    expect(tagged.tagphoto).toMatchObject({ status: 'done', error: '' });
    expect(tagged.alt_text.length).toBeGreaterThan(0);
  });

  it('fills the selected image block’s alt text from the block editor’s "Generate alt text" button', async () => {
    const image = (await site.importImages([join(EVAL, 'butterfly.jpg')]))[0];
    await untilSettled(image);
    const { source_url: url } = await json<{ source_url: string }>(
      await site.rest(`/wp-json/wp/v2/media/${image}`),
      200,
    );
    await page.goto(`${site.url}/wp-admin/post-new.php`);
    await page.waitForFunction(
      'window.wp && wp.data && wp.data.select("core/block-editor") && wp.blocks.getBlockType("core/image")',
    );
    await page.evaluate(`(() => {
      if (wp.data.select('core/edit-post').isFeatureActive('welcomeGuide')) wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide');
      const block = wp.blocks.createBlock('core/image', { id: ${image}, url: ${JSON.stringify(url)}, alt: '' });
      wp.data.dispatch('core/block-editor').insertBlocks(block);
      wp.data.dispatch('core/block-editor').selectBlock(block.clientId);
      wp.data.dispatch('core/edit-post').openGeneralSidebar('edit-post/block');
    })()`);
    const button = page.locator('button:has-text("Generate alt text")');
    await button.click();
    await page.waitForFunction(
      '(wp.data.select("core/block-editor").getSelectedBlock() || { attributes: {} }).attributes.alt',
      undefined,
      { timeout: 60_000 },
    );
    const alt = await page.evaluate<string>('wp.data.select("core/block-editor").getSelectedBlock().attributes.alt');
    const item = await media(image);
    expect(item.tagphoto.status).toBe('done');
    expect(alt).toBe(item.alt_text);
    expect(alt.length).toBeGreaterThan(0);
  });

  it('fills the alt text field of the media modal from its "Generate alt text" button', async () => {
    const image = (await site.importImages([join(EVAL, 'basketball.jpg')]))[0];
    await untilSettled(image);
    await json(
      await site.rest(`/wp-json/wp/v2/media/${image}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ alt_text: '' }),
      }),
      200,
    );
    await page.goto(`${site.url}/wp-admin/upload.php?mode=grid`);
    await page.click(`li.attachment[data-id="${image}"]`);
    const field = page.locator('#attachment-details-two-column-alt-text');
    await field.waitFor();
    expect(await field.inputValue()).toBe('');
    await page.click(`.compat-item .tagphoto-generate[data-attachment="${image}"]`);
    await page.waitForFunction(
      `(document.querySelector('#attachment-details-two-column-alt-text') || {}).value`,
      undefined,
      { timeout: 60_000 },
    );
    const item = await media(image);
    expect(item.tagphoto.status).toBe('done');
    expect(await field.inputValue()).toBe(item.alt_text);
    expect(item.alt_text.length).toBeGreaterThan(0);
  });

  describe('the media library (list view)', () => {
    const listUrl = () => `${site.url}/wp-admin/upload.php?mode=list`;
    const origin = (id: number) => page.getAttribute(`#post-${id} .tagphoto-alt-origin`, 'data-origin');
    const rows = () =>
      page.$$eval('#the-list tr[id^="post-"]', (trs) =>
        trs.map((tr) => Number(tr.id.slice('post-'.length))).sort((a, b) => a - b),
      );
    let missingA: number;
    let byPerson: number;
    let missingB: number;

    beforeAll(async () => {
      await site.configure({ settings: { auto_tag: false } });
      [missingA, byPerson, missingB] = await site.importImages(
        ['aloe', 'robin', 'rocket'].map((name) => join(EVAL, `${name}.jpg`)),
      );
      await json(
        await site.rest(`/wp-json/wp/v2/media/${byPerson}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ alt_text: 'A robin on my fence' }),
        }),
        200,
      );
    });

    it('shows in an "Alt text" column who wrote each image’s alt text', async () => {
      await page.goto(listUrl());
      expect(await origin(tagged.id)).toBe('tagphoto');
      expect(await origin(byPerson)).toBe('person');
      expect(await origin(missingA)).toBe('missing');
      expect(await page.textContent(`#post-${tagged.id} .tagphoto-alt-text`)).toBe(tagged.alt_text);
      expect(await page.textContent(`#post-${missingA} .column-tagphoto_alt`)).toContain('Missing');
    });

    it('lists only the images without alt text under the "Missing alt text" filter', async () => {
      await page.goto(listUrl());
      await page.selectOption('#tagphoto-alt-filter', 'missing');
      await Promise.all([page.waitForURL(/tagphoto_alt=missing/), page.click('#post-query-submit')]);
      expect(await rows()).toEqual([missingA, missingB].sort((a, b) => a - b));
    });

    it('fills the selected images with the bulk action "Generate alt text with TagPhoto"', async () => {
      await page.check(`#cb-select-${missingA}`);
      await page.check(`#cb-select-${missingB}`);
      await page.selectOption('#bulk-action-selector-top', 'tagphoto_generate');
      await Promise.all([page.waitForURL(/tagphoto_queued=2/), page.click('#doaction')]);
      expect(await page.textContent('#tagphoto-bulk-notice')).toContain('2 images sent to TagPhoto');
      for (const id of [missingA, missingB]) expect((await untilSettled(id)).alt_text.length).toBeGreaterThan(0);
      expect((await media(byPerson)).alt_text).toBe('A robin on my fence');

      await page.goto(`${listUrl()}&tagphoto_alt=missing`);
      expect(await rows()).toEqual([]);
      await page.goto(listUrl());
      expect(await origin(missingA)).toBe('tagphoto');
      expect(await origin(missingB)).toBe('tagphoto');
    });
  });

  describe('review mode', () => {
    const QUALITY = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality');
    const reviewList = () => `${site.url}/wp-admin/upload.php?mode=list&tagphoto_alt=review`;
    const rows = () =>
      page.$$eval('#the-list tr[id^="post-"]', (trs) =>
        trs.map((tr) => Number(tr.id.slice('post-'.length))).sort((a, b) => a - b),
      );
    const hubResult = async (item: Media) => {
      const { apiKey } = await site.credentials();
      const image = await json<{ result: { altText: string; review: { needed: boolean } } }>(
        await fetch(`${hub.url}/v1/images/${item.tagphoto.hubImageId}`, {
          headers: { Authorization: `Bearer ${apiKey}` },
        }),
        200,
      );
      return image.result;
    };

    afterAll(async () => {
      await site.configure({ settings: { publish: 'auto' } });
    });

    it('holds every result under "Needs review" when set to hold; approve, edit and reject each do what they say', async () => {
      await site.configure({ settings: { publish: 'hold', auto_tag: true } });
      const held: Media[] = [];
      for (const file of ['coffee.jpg', 'dog.jpg', 'plant.jpg']) held.push(await untilSettled((await upload(file)).id));
      for (const item of held) {
        expect(item.tagphoto.status).toBe('review');
        expect(item.alt_text).toBe('');
        expect(item.tagphoto.suggestion!.altText).toBe((await hubResult(item)).altText);
      }
      const [approved, edited, rejected] = held as [Media, Media, Media];

      await page.goto(`${site.url}/wp-admin/upload.php?mode=list`);
      await page.selectOption('#tagphoto-alt-filter', 'review');
      await Promise.all([page.waitForURL(/tagphoto_alt=review/), page.click('#post-query-submit')]);
      expect(await rows()).toEqual(held.map((item) => item.id).sort((a, b) => a - b));
      expect(await page.inputValue(`#tagphoto-review-alt-${approved.id}`)).toBe(approved.tagphoto.suggestion!.altText);

      await page.click(`#post-${approved.id} [data-tagphoto-review="approve"]`);
      await page.waitForSelector(`#post-${approved.id} .tagphoto-review[data-decided="approve"]`);
      await page.fill(`#tagphoto-review-alt-${edited.id}`, 'Our office dog asleep under the desk');
      await page.click(`#post-${edited.id} [data-tagphoto-review="edit"]`);
      await page.waitForSelector(`#post-${edited.id} .tagphoto-review[data-decided="edit"]`);
      await page.click(`#post-${rejected.id} [data-tagphoto-review="reject"]`);
      await page.waitForSelector(`#post-${rejected.id} .tagphoto-review[data-decided="reject"]`);

      expect(await media(approved.id)).toMatchObject({
        alt_text: approved.tagphoto.suggestion!.altText,
        tagphoto: { status: 'done', suggestion: null },
      });
      expect(await media(edited.id)).toMatchObject({
        alt_text: 'Our office dog asleep under the desk',
        tagphoto: { status: 'done', suggestion: null },
      });
      expect(await media(rejected.id)).toMatchObject({
        alt_text: '',
        tagphoto: { status: 'rejected', suggestion: null },
      });

      await page.goto(reviewList());
      expect(await rows()).toEqual([]);
      await page.goto(`${site.url}/wp-admin/upload.php?mode=list`);
      expect(await page.getAttribute(`#post-${approved.id} .tagphoto-alt-origin`, 'data-origin')).toBe('tagphoto');
      // The edit is the person's text: a later result never replaces it.
      expect(await page.getAttribute(`#post-${edited.id} .tagphoto-alt-origin`, 'data-origin')).toBe('person');
      expect(await page.getAttribute(`#post-${rejected.id} .tagphoto-alt-origin`, 'data-origin')).toBe('missing');
    });

    it('with "only confident results" writes what the hub is sure of and holds what it flags for review', async () => {
      await site.configure({ settings: { publish: 'confident' } });
      const sure = await untilSettled((await upload('orange.jpg')).id);
      const unsure = await untilSettled((await upload('red-apple-close.jpg', QUALITY)).id);
      expect((await hubResult(sure)).review.needed).toBe(false);
      expect((await hubResult(unsure)).review.needed).toBe(true);

      expect(sure).toMatchObject({
        alt_text: (await hubResult(sure)).altText,
        tagphoto: { status: 'done', suggestion: null },
      });
      expect(unsure).toMatchObject({
        alt_text: '',
        tagphoto: {
          status: 'review',
          suggestion: { altText: (await hubResult(unsure)).altText, reasons: ['no certain subject'] },
        },
      });
    });
  });

  it('disconnects from WordPress: the hub revokes the site’s key and callback secret and stops listing it', async () => {
    await settingsPage();
    await Promise.all([page.waitForURL(/options-general\.php\?page=tagphoto/), page.click('#tagphoto-disconnect')]);
    expect(await page.textContent('#tagphoto-notice')).toContain('Disconnected');
    expect(await page.isVisible('#tagphoto-connect')).toBe(true);
    expect(await site.credentials()).toMatchObject({ apiKey: '', callbackSecret: '' });
    expect(
      (await fetch(`${hub.url}/v1/images?limit=1`, { headers: { Authorization: `Bearer ${siteKey}` } })).status,
    ).toBe(401);
    expect(await json<unknown[]>(await hubApi('/v1/connections'), 200)).toEqual([]);
    const keys = await json<Array<{ name: string; revokedAt: string | null }>>(await hubApi('/v1/api-keys'), 200);
    expect(keys.filter((key) => key.name === `WordPress: ${site.url}`).map((key) => key.revokedAt !== null)).toEqual([
      true,
    ]);
  });

  it('a site disconnected from the hub’s dashboard loses its key too', async () => {
    // Still signed in to the hub in this browser: straight to the approval page.
    expect(await connect(false)).toContain('Connected to TagPhoto.');
    const { apiKey } = await site.credentials();
    await page.goto(`${hub.url}/connections`);
    await page.click(`button[aria-label="Disconnect WordPress ${site.url}"]`);
    await page.waitForSelector('text=Nothing connected yet.');
    expect(
      (await fetch(`${hub.url}/v1/images?limit=1`, { headers: { Authorization: `Bearer ${apiKey}` } })).status,
    ).toBe(401);
    const test = await json<{ ok: boolean; message: string }>(
      await site.rest('/wp-json/tagphoto/v1/test-connection', { method: 'POST' }),
      200,
    );
    expect(test.ok).toBe(false);
    expect(test.message).toContain('401');
  });

  it('deletes cleanly: its options, transients, queued events and bookkeeping go; the alt text it wrote stays', async () => {
    await page.goto(`${site.url}/wp-admin/plugins.php`);
    await Promise.all([page.waitForURL(/deactivate=true/), page.click('tr[data-slug="tagphoto"] .deactivate a')]);
    // WordPress's "Delete" link asks for confirmation (accepted above), then deletes in the background.
    await page.click('tr[data-slug="tagphoto"] .delete a');
    await page.waitForSelector('text=TagPhoto was successfully deleted.');
    expect(await site.leftovers()).toEqual({ options: [], attachmentMeta: [], cron: [] });
    expect((await media(tagged.id)).alt_text).toBe(tagged.alt_text);
  });
});
