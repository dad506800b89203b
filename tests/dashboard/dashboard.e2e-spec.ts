import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  accessibilityProblems,
  editAltTextOnPage,
  expectCount,
  focusedElement,
  SCREENSHOTS,
  dashboardSuite,
} from './dashboard-support';
import { ImageRepository } from '../../apps/hub/src/modules/images/image.repository';
import { ImageTaggingService } from '../../apps/hub/src/modules/tagging/image-tagging.service';
import { REPO_ROOT } from '../support/hub';

const EVAL_PHOTOS = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval');
const PASSWORD = 'a long enough password';

/** A DataTransfer holding one JPEG, as a drag from the desktop carries it. */
const droppedFile = (name: string, base64: string) => `(() => {
  const bytes = Uint8Array.from(atob('${base64}'), (char) => char.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], '${name}', { type: 'image/jpeg' }));
  return transfer;
})()`;

type LoadedImage = {
  complete: boolean;
  naturalWidth: number;
  addEventListener(type: 'load', listener: () => void): void;
};

describe('the dashboard in headless Chromium', () => {
  const suite = dashboardSuite();

  it('signs up, uploads real photos, shows their tags, keeps an edited alt text through a re-tag, exports and deletes the account', async () => {
    const context = await suite.browser.newContext({
      baseURL: suite.baseUrl,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Signed out, every dashboard page leads to sign-in.
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    const email = `dashboard-${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    expect((await focusedElement(page)).tag).toBe('H1');

    // Two photos chosen at once, a third dropped on the drop zone.
    await page
      .getByLabel('Choose images')
      .setInputFiles([join(EVAL_PHOTOS, 'chelsea.jpg'), join(EVAL_PHOTOS, 'coffee.jpg')]);
    const rocket = (await readFile(join(EVAL_PHOTOS, 'rocket.jpg'))).toString('base64');
    const dataTransfer = await page.evaluateHandle(droppedFile('rocket.jpg', rocket));
    await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
    const uploads = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
    await expectCount(uploads, 3);
    await page.getByText('Tagged', { exact: true }).nth(2).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/^Failed/).count()).toBe(0);

    // The gallery shows every image with its own alt text and its tags.
    const cards = page.locator('.gallery > li');
    await expectCount(cards, 3);
    const api = context.request;
    const listed = (await (await api.get('/v1/images')).json()) as {
      items: Array<{ id: string; fileName: string; result: { altText: string; tags: Array<{ label: string }> } }>;
    };
    expect(listed.items).toHaveLength(3);
    for (const image of listed.items) {
      const thumbnail = page.locator(`img[src="/v1/images/${image.id}/file"]`);
      await thumbnail.waitFor();
      expect(await thumbnail.getAttribute('alt')).toBe(image.result.altText);
      expect(image.result.tags.length).toBeGreaterThan(0);
      await thumbnail.evaluate((img: LoadedImage) =>
        img.complete ? undefined : new Promise<void>((resolve) => img.addEventListener('load', () => resolve())),
      );
      expect(await thumbnail.evaluate((img: LoadedImage) => img.naturalWidth)).toBeGreaterThan(0);
    }
    const chelsea = listed.items.find((image) => image.fileName === 'chelsea.jpg')!;
    const chelseaCard = cards.filter({ has: page.locator(`img[src="/v1/images/${chelsea.id}/file"]`) });
    for (const tag of chelsea.result.tags)
      expect(await chelseaCard.getByRole('list', { name: 'Tags' }).innerText()).toContain(tag.label);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '1-gallery.png'), fullPage: true });

    // Search by tag asks the hub, which narrows the gallery to the images carrying it (any case).
    const wanted = chelsea.result.tags[0].label;
    await page.getByLabel('Filter by tag').fill(wanted.toUpperCase());
    const matching = listed.items.filter((image) => image.result.tags.some((tag) => tag.label === wanted));
    await page
      .getByText(
        `${matching.length} image${matching.length === 1 ? ' has' : 's have'} the tag “${wanted.toUpperCase()}”.`,
      )
      .waitFor();
    await expectCount(cards, matching.length);
    await page.getByLabel('Filter by tag').fill('no such tag anywhere');
    await page.getByText('0 images have the tag “no such tag anywhere”.').waitFor();
    await expectCount(cards, 0);
    await page.getByLabel('Filter by tag').fill('');
    await page.getByText('3 images.').waitFor();

    // A person corrects the alt text on the image's page.
    await chelseaCard.getByRole('heading').getByRole('link').click();
    await page.waitForURL(`**/images/${chelsea.id}`);
    expect((await focusedElement(page)).tag).toBe('H1');
    const altText = 'Chelsea, a tabby cat, looking up at the camera';
    await editAltTextOnPage(page, altText);
    expect(await page.locator(`img[src="/v1/images/${chelsea.id}/file"]`).getAttribute('alt')).toBe(altText);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '2-edit-alt-text.png'), fullPage: true });

    // The API marks it as the person's, and tagging the image again keeps it.
    const edited = (await (await api.get(`/v1/images/${chelsea.id}`)).json()) as {
      result: { altText: string; editedFields: string[] };
    };
    expect(edited.result).toMatchObject({ altText, editedFields: ['altText'] });
    const me = (await (await api.get('/v1/auth/me')).json()) as { id: string };
    const record = (await suite.hub.app.get(ImageRepository).get(me.id, chelsea.id))!;
    await suite.hub.app.get(ImageTaggingService).tag(me.id, record, await readFile(join(EVAL_PHOTOS, 'chelsea.jpg')));
    const retagged = (await (await api.get(`/v1/images/${chelsea.id}`)).json()) as {
      result: { altText: string; editedFields: string[] };
    };
    expect(retagged.result).toMatchObject({ altText, editedFields: ['altText'] });

    // The other pages render against the real API; webhooks may or may not exist on this hub yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name of the new key').fill('journey');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByLabel('New API key').inputValue()).toMatch(/^tpk_/);
    await page.getByRole('cell', { name: 'journey', exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    // No connector is set up on this hub: each says what the operator must set instead of offering to connect.
    for (const name of ['Google Drive', 'Shopify', 'Slack'])
      await page.getByText(`The operator of this hub has not set up ${name}:`, { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: /^Connect / }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '5-connections.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security log' }).click();
    // In words, not as the recorded code (api_key.created).
    await page.getByRole('cell', { name: /^API key “journey” created \(starts tpk_/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // Export: a real download of a non-empty zip.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy & account' }).click();
    await page.getByLabel('Do not count my usage in analytics').check();
    await page.getByRole('button', { name: 'Save privacy settings' }).click();
    await page.getByText('Privacy settings saved.').waitFor();
    expect(
      ((await (await api.get('/v1/account/privacy')).json()) as { analyticsOptOut: boolean }).analyticsOptOut,
    ).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download all my data' }).click(),
    ]);
    const zipPath = join(REPO_ROOT, 'test-results', 'dashboard', 'export.zip');
    await download.saveAs(zipPath);
    expect(download.suggestedFilename()).toBe('tagphoto-export.zip');
    expect((await stat(zipPath)).size).toBeGreaterThan(1000);
    expect((await readFile(zipPath)).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.screenshot({ path: join(SCREENSHOTS, '3-privacy.png'), fullPage: true });

    // Delete the account, with the password and an explicit confirmation.
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByLabel('I understand that everything is deleted for good').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account and everything in it were deleted.').waitFor();
    await page.waitForURL('**/sign-in');
    const login = await api.post('/v1/auth/login', { data: { email, password: PASSWORD } });
    expect(login.status()).toBe(401);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signs in with the keyboard alone, with a visible focus on every step', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl });
    const email = `keyboard-${Date.now().toString(36)}@example.com`;
    expect((await context.request.post('/v1/auth/signup', { data: { email, password: PASSWORD } })).status()).toBe(202);
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 20; presses += 1) {
        await page.keyboard.press('Tab');
        const focused = await focusedElement(page);
        if (focused.id === id) {
          expect(focused.outline).not.toBe('none');
          return;
        }
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await tabTo('email');
    await page.keyboard.type(email);
    await tabTo('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    expect((await focusedElement(page)).tag).toBe('H1');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The file chooser is reachable by keyboard, and its visible button shows the focus.
    await tabTo('upload-files');
    expect(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('label[for="upload-files"]')).outlineStyle`),
    ).toBe('solid');
    await page.screenshot({ path: join(SCREENSHOTS, '4-keyboard-sign-in.png') });

    // Sign out from the keyboard too.
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('You are signed out.').waitFor();
    await context.close();
  });

  it('uploads many files three at a time, showing the others as waiting, and tags them all', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl });
    const email = `queue-${Date.now().toString(36)}@example.com`;
    await context.request.post('/v1/auth/signup', { data: { email, password: PASSWORD } });
    expect((await context.request.post('/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(200);
    const page = await context.newPage();
    // An upload counts from the moment the dashboard sends it (its request reaches the route below) until the hub has
    // answered it: the dashboard cannot start the next one before that. Each is held a moment on its way, so that those
    // the dashboard lets go together are counted together, however long the hub keeps this process busy. (Counted at
    // the hub alone, uploads that arrive a little apart can each be answered before the next arrives.)
    let inFlight = 0;
    let mostInFlight = 0;
    const answered = (request: IncomingMessage, response: ServerResponse) => {
      if (request.method === 'POST' && request.url?.startsWith('/v1/images')) response.on('close', () => inFlight--);
    };
    suite.hub.http.on('request', answered);
    await page.route('**/v1/images', async (route) => {
      if (route.request().method() === 'POST') {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await route.fallback();
    });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    const photos = ['aloe.jpg', 'apple.jpg', 'baboon.jpg', 'butterfly.jpg', 'chelsea.jpg', 'dog.jpg', 'fruits.jpg'];
    await page.getByLabel('Choose images').setInputFiles(photos.map((name) => join(EVAL_PHOTOS, name)));
    await page.getByText('Waiting to upload').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await expectCount(uploads.getByText('Tagged', { exact: true }), photos.length);
    expect(mostInFlight).toBe(3);
    expect(await uploads.getByText(/^Failed/).count()).toBe(0);
    suite.hub.http.off('request', answered);
    await context.close();
  });

  it('answers client routes with the dashboard but leaves the API, docs and unknown paths alone', async () => {
    const html = await fetch(`${suite.baseUrl}/images/4b7e1a52-5d0e-4c4f-9a51-0c2a3f1d7e11`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await html.text()).toContain('<div id="root">');
    const api = await fetch(`${suite.baseUrl}/v1/images`);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await fetch(`${suite.baseUrl}/health`)).headers.get('content-type')).toContain('application/json');
    expect(await (await fetch(`${suite.baseUrl}/docs`)).text()).toContain('swagger');
    expect((await fetch(`${suite.baseUrl}/connect/not-a-dashboard-page/deeper`)).status).toBe(404);
  });

  it('gives a browser an HTML page for an unknown address and an icon, and API clients their JSON 404', async () => {
    const unknown = '/pricing/<plans>';
    const visit = await fetch(`${suite.baseUrl}${unknown}`, {
      headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(visit.status).toBe(404);
    expect(visit.headers.get('content-type')).toContain('text/html');
    expect(visit.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await visit.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('/pricing/%3Cplans%3E');
    expect(html).toContain('<a href="/">');
    for (const [path, accept] of [
      [unknown, 'application/json'],
      ['/v1/no-such-route', 'text/html'],
    ]) {
      const api = await fetch(`${suite.baseUrl}${path}`, { headers: { Accept: accept } });
      expect([api.status, api.headers.get('content-type')]).toEqual([404, expect.stringContaining('application/json')]);
      expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
    }

    const page = await suite.browser.newPage();
    const response = await page.goto(`${suite.baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Go to your images' }).click();
    await page.waitForURL(`${suite.baseUrl}/`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    await page.close();
    for (const icon of ['/favicon.ico', '/favicon.svg']) {
      const answer = await fetch(`${suite.baseUrl}${icon}`);
      expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      expect(await answer.text()).toContain('<svg');
    }
  });
});
