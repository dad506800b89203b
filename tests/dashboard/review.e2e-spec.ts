import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { ReviewService } from '../../apps/hub/src/modules/review/review.service';
import { newAccount, PHOTOS, REPO_ROOT, tagAndWait } from '../support/hub';
import {
  accessibilityProblems,
  dashboardSuite,
  expectCount,
  focusedElement,
  SCREENSHOTS,
  signedInPage,
} from './dashboard-support';

/** A close-up the engine names no certain subject in: every upload of it waits for review. */
const FLAGGED = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');

describe('the "Needs review" page in headless Chromium', () => {
  const suite = dashboardSuite();

  const liveRegion = (page: Page) => page.locator('.review-announcement');

  it('approves three in bulk, edits one and rejects one with the keyboard alone, announcing each result', async () => {
    const account = await newAccount(suite.hub);
    const apple = await readFile(FLAGGED);
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const done = await tagAndWait(suite.hub, account.cookie, apple, `apple-${index}.jpg`);
      ids.push(done.body.id as string);
    }
    await request(suite.hub.http)
      .post('/v1/images?wait=true')
      .set('Cookie', account.cookie)
      .attach('file', await readFile(join(PHOTOS, 'chelsea.jpg')), 'chelsea.jpg')
      .expect(200);

    const { context, page } = await signedInPage(suite, account.cookie, { width: 1280, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The navigation says how many wait, and leads to the queue.
    await page.goto('/');
    const navLink = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Needs review 5 waiting' });
    await navLink.click();
    await page.getByRole('heading', { level: 1, name: 'Needs review' }).waitFor();
    const items = page.getByRole('list', { name: 'Waiting for review' }).getByRole('listitem');
    await expectCount(items, 5);
    expect(await accessibilityProblems(page)).toEqual([]);
    for (const id of ids) {
      const thumbnail = page.locator(`img[src="/v1/images/${id}/file"]`);
      expect((await thumbnail.getAttribute('alt'))?.trim()).toBeTruthy();
    }
    await page.getByText('no certain subject').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '5-review-queue.png'), fullPage: true });

    // j lands on the first item, x selects it and the next two, a approves the three.
    await page.keyboard.press('j');
    expect(await focusedElement(page)).toMatchObject({ tag: 'LI', outline: 'solid' });
    for (const key of ['x', 'j', 'x', 'j', 'x']) await page.keyboard.press(key);
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(3);
    await page.getByRole('button', { name: 'Approve selected (3)' }).waitFor();
    await page.keyboard.press('a');
    await liveRegion(page).getByText('Approved 3 items.').waitFor();
    await expectCount(items, 2);
    await page.getByRole('link', { name: 'Needs review 2 waiting' }).waitFor();
    expect((await focusedElement(page)).tag).toBe('LI');

    // e opens the edit form on the item the keyboard moved on to; the alt text is typed and saved from the keyboard.
    await page.keyboard.press('e');
    await page.getByRole('form', { name: /^Edit / }).waitFor();
    expect((await focusedElement(page)).tag).toBe('TEXTAREA');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '5-review-queue-edit.png'), fullPage: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('A red apple, close up');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await liveRegion(page).getByText('Saved 1 item.').waitFor();
    await expectCount(items, 1);

    // r rejects the last one.
    await page.keyboard.press('r');
    await liveRegion(page).getByText('Rejected 1 item.').waitFor();
    await page.getByText('Nothing is waiting for review.').waitFor();
    await page.getByRole('link', { name: 'Needs review 0 waiting' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '6-review-queue-done.png'), fullPage: true });

    // The API agrees: nothing waits, the edited image carries the person's alt text, the approved ones their own.
    const api = context.request;
    expect(await (await api.get('/v1/review')).json()).toEqual({ items: [], nextCursor: null, total: 0 });
    const edited = (await (await api.get(`/v1/images/${ids[3]}`)).json()) as {
      result: { altText: string; editedFields: string[] };
    };
    expect(edited.result).toMatchObject({ altText: 'A red apple, close up', editedFields: ['altText'] });
    for (const id of [ids[0], ids[1], ids[2], ids[4]]) {
      const image = (await (await api.get(`/v1/images/${id}`)).json()) as { result: { editedFields: string[] } };
      expect(image.result.editedFields).toEqual([]);
    }
    // A second decision on an approved item is refused: it was recorded as decided.
    const again = await api.post(`/v1/review/${ids[0]}/reject`, { headers: { origin: suite.baseUrl } });
    expect(again.status()).toBe(409);

    // The library shows what was decided on each image, not the engine's flag it was decided on.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
    const decided = page.locator('ul.gallery .badge-reviewed');
    await expectCount(decided, 5);
    expect((await decided.allTextContents()).sort()).toEqual([
      'Approved',
      'Approved',
      'Approved',
      'Edited in review',
      'Rejected in review',
    ]);
    expect(await page.locator('ul.gallery').getByText('Needs review').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows a connection's held suggestion beside a flagged image, selects all with the checkbox and rejects them", async () => {
    const account = await newAccount(suite.hub);
    const apple = await readFile(FLAGGED);
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) {
      const done = await request(suite.hub.http)
        .post('/v1/images?wait=true')
        .set('Authorization', `Bearer ${account.apiKey}`)
        .attach('file', apple, `apple-${index}.jpg`)
        .expect(200);
      ids.push(done.body.id as string);
    }
    // The second image came from a shop whose connection holds its suggestion for a person.
    const ownerId = (await request(suite.hub.http).get('/v1/auth/me').set('Cookie', account.cookie).expect(200)).body
      .id as string;
    const connection = await suite.hub.app.get(ConnectionRepository).upsert(ownerId, 'example', `shop-${ownerId}`, {});
    await suite.hub.app.get(ReviewService).hold(ownerId, {
      imageId: ids[1],
      connectionId: connection.id,
      externalId: 'media-1',
      reasons: ['no certain subject'],
      altText: 'A red apple from the orchard shop',
      context: 'Orchard apples',
      imageUrl: 'https://shop.example/apple.jpg',
    });
    const { context, page } = await signedInPage(suite, account.cookie);
    await page.goto('/review');
    const items = page.getByRole('list', { name: 'Waiting for review' }).getByRole('listitem');
    await expectCount(items, 2);
    const suggestion = items.filter({ hasText: 'Suggested for: Orchard apples' });
    await suggestion.getByText('A red apple from the orchard shop').waitFor();
    // Not kept by the hub (an API upload): the picture is linked where the shop serves it.
    expect(await suggestion.getByRole('link', { name: /where it is published/ }).getAttribute('href')).toBe(
      'https://shop.example/apple.jpg',
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Select all 2 shown').check();
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(3);
    await page.getByRole('button', { name: 'Reject selected (2)' }).click();
    await liveRegion(page).getByText('Rejected 2 items.').waitFor();
    await page.getByText('Nothing is waiting for review.').waitFor();
    expect(await suite.hub.app.get(ReviewService).list(ownerId, connection.id)).toEqual([]);
    await context.close();
  });
});
