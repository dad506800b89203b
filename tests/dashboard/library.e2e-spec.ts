import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../libs/contracts/testing/tagging-result';
import { ImageReviewRepository } from '../../apps/hub/src/modules/review/image-review.repository';
import { newAccount, newOwner, seedImage } from '../support/hub';
import {
  accessibilityProblems,
  dashboardSuite,
  expectCount,
  focusedElement,
  SCREENSHOTS,
  signedInPage,
} from './dashboard-support';

const resultOf = (title: string, altText: string): TaggingResult =>
  taggingResult({
    tags: [{ label: 'harbour', confidence: 0.9, source: 'labels' }],
    title,
    description: `${title}, as the engine saw it.`,
    altText,
  });

describe('the gallery’s spreadsheet and bulk actions in headless Chromium', () => {
  const suite = dashboardSuite();
  let downloads: string;

  beforeAll(async () => {
    downloads = await mkdtemp(join(tmpdir(), 'tagphoto-csv-'));
  });
  afterAll(async () => {
    await rm(downloads, { recursive: true, force: true });
  });

  it('exports CSV, imports the edited file and shows the change and the report, then deletes a picked image after asking', async () => {
    const account = await newAccount(suite.hub);
    const ownerId = (await request(suite.hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200)).body
      .id as string;
    const seeded: Record<string, string> = {};
    for (const [title, altText] of [
      ['Harbour at dawn', 'Boats moored in a calm harbour'],
      ['Harbour wall', 'A stone wall with waves breaking'],
    ]) {
      const id = await seedImage(
        suite.hub,
        ownerId,
        { source: 'upload', fileName: `${title}.jpg` },
        resultOf(title, altText),
      );
      seeded[title] = id;
    }

    const context = await suite.browser.newContext({
      baseURL: suite.baseUrl,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const separator = account.cookie.indexOf('=');
    await context.addCookies([
      { name: account.cookie.slice(0, separator), value: account.cookie.slice(separator + 1), url: suite.baseUrl },
    ]);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    const cards = page.locator('.gallery > li');
    await expectCount(cards, 2);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Export: a real download of every image as CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tagphoto-images-\d{4}-\d\d-\d\d\.csv$/);
    const exportedPath = join(downloads, 'exported.csv');
    await download.saveAs(exportedPath);
    const rows = parse<Record<string, string>>(await readFile(exportedPath, 'utf8'), { bom: true, columns: true });
    expect(rows.map((row) => row.id).sort()).toEqual(Object.values(seeded).sort());

    // Edit the file as a spreadsheet would: one alt text corrected, and a row for an image that is not there.
    const edited = rows.map((row) =>
      row.id === seeded['Harbour wall'] ? { ...row, alt_text: 'Waves breaking over an old stone harbour wall' } : row,
    );
    const stranger = randomUUID();
    edited.push({ ...rows[0], id: stranger });
    const editedPath = join(downloads, 'edited.csv');
    await writeFile(editedPath, stringify(edited, { header: true, columns: Object.keys(rows[0]) }));

    await page.getByLabel('Import CSV').setInputFiles(editedPath);
    await page.getByText('Import finished: 1 image changed, 1 unchanged, 1 row refused.').waitFor();
    await page.getByText(`Line 4 (${stranger}): no image of yours has this id`).waitFor();
    const wall = cards.filter({ hasText: 'Harbour wall' });
    await wall.getByText('Waves breaking over an old stone harbour wall').waitFor();
    await wall.getByText('(edited by you)').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '7-gallery-csv-import.png'), fullPage: true });
    const stored = await request(suite.hub.http)
      .get(`/v1/images/${seeded['Harbour wall']}`)
      .set('Cookie', account.cookie)
      .expect(200);
    expect(stored.body.result).toMatchObject({
      altText: 'Waves breaking over an old stone harbour wall',
      editedFields: ['altText'],
    });

    // Pick one image by its labelled checkbox from the keyboard, delete it, and confirm when asked.
    await page.getByRole('checkbox', { name: 'Select Harbour at dawn' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Delete 1' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'BUTTON' });
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Yes, delete');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByText('Deleted 1 image.').waitFor();
    await expectCount(cards, 1);
    await request(suite.hub.http)
      .get(`/v1/images/${seeded['Harbour at dawn']}`)
      .set('Cookie', account.cookie)
      .expect(404);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('searches and filters on the hub: words, source, needing review, dates, and acts on every image matching', async () => {
    const { id: ownerId, cookie } = await newOwner(suite.hub);
    const harbour = await seedImage(
      suite.hub,
      ownerId,
      { source: 'upload' },
      resultOf('Harbour at dawn', 'Boats moored in a calm harbour'),
    );
    const lighthouse = await seedImage(
      suite.hub,
      ownerId,
      { source: 'connector', connector: 'shopify' },
      taggingResult({
        ...resultOf('Lighthouse', 'A lighthouse on the harbour wall'),
        review: { needed: true, reasons: ['low-confidence subject'] },
      }),
    );
    // Flagged as tagging does when the engine asks for a person (the image.tagged event, which seeding skips).
    await suite.hub.app.get(ImageReviewRepository).flag(ownerId, lighthouse, ['low-confidence subject']);
    const sign = await seedImage(
      suite.hub,
      ownerId,
      { source: 'api', language: 'fr' },
      taggingResult({ ...resultOf('Panneau', 'Un panneau d’hôtel'), text: 'Chambres libres', language: 'fr' }),
    );

    const { context, page } = await signedInPage(suite, cookie, { width: 1280, height: 900 });
    await page.goto('/');
    const cards = page.locator('.gallery > li');
    const shown = async (count: number, summary: string) => {
      await page.getByText(summary).waitFor();
      await expectCount(cards, count);
    };
    const cardOf = (id: string) => cards.filter({ has: page.locator(`a[href="/images/${id}"]`) });
    await shown(3, '3 images.');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Words from the text read in the picture; then from the alt text, narrowed to Shopify's images.
    await page.getByLabel('Words').fill('chambres');
    await shown(1, '1 image matches the filters.');
    await expectCount(cardOf(sign), 1);
    await page.getByLabel('Words').fill('harbour');
    await shown(2, '2 images match the filters.');
    await expectCount(cardOf(harbour), 1);
    await page.getByLabel('From', { exact: true }).selectOption({ label: 'Shopify' });
    await shown(1, '1 image matches the filters.');
    await expectCount(cardOf(lighthouse), 1);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/v1/images/export.csv?q=harbour&source=shopify',
    );

    // A day range that holds nothing; the result language.
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await shown(3, '3 images.');
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('Added on or after').fill(tomorrow);
    await shown(0, '0 images match the filters.');
    await page.getByLabel('Added on or after').fill('');
    await page.getByLabel('Result language').selectOption({ label: 'Français' });
    await shown(1, '1 image matches the filters.');
    await expectCount(cardOf(sign), 1);
    await page.getByLabel('Result language').selectOption({ label: 'Any' });

    // "Every image matching" acts on the hub's match: the one flagged image is approved and leaves the review queue.
    await page.getByLabel('Flagged by the engine').check();
    await shown(1, '1 image matches the filters.');
    await expectCount(cardOf(lighthouse), 1);
    await page.getByLabel('Every image matching the filters').check();
    await page.getByRole('button', { name: 'Approve all 1 matching' }).click();
    const announcement = page.locator('.review-announcement');
    await announcement.filter({ hasText: /\S/ }).waitFor();
    expect(await announcement.innerText()).toBe('Approved 1 image.');
    const queue = await request(suite.hub.http).get('/v1/review').set('Cookie', cookie).expect(200);
    expect(queue.body.total).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'library-filters.png'), fullPage: true });
    await context.close();
  });
});
