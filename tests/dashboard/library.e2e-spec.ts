import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../libs/contracts/testing/tagging-result';
import { newAccount, seedImage } from '../support/hub';
import { accessibilityProblems, expectCount, focusedElement, SCREENSHOTS, dashboardSuite } from './dashboard-support';

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
});
