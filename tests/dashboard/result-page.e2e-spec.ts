import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { imageSchema, type ImageView } from '@tagphoto/contracts';
import { newAccount, REPO_ROOT } from '../support/hub';
import { accessibilityProblems, dashboardSuite, expectCount, SCREENSHOTS, signedInPage } from './dashboard-support';

/**
 * A football match: the engine finds a ball and two people, one face, the words on a shirt, and is unsure enough of
 * its subject to ask for review.
 */
const MATCH = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval', 'messi5.jpg');

describe("an image's page shows the whole result in headless Chromium", () => {
  const suite = dashboardSuite();

  /** Each drawn box sits where its object is on the image as displayed now, whatever its size (within a pixel). */
  async function expectBoxesOver(page: Page, result: NonNullable<ImageView['result']>): Promise<void> {
    const shown = (await page.locator('.boxed-image img').boundingBox())!;
    expect(shown.width).toBeGreaterThan(50);
    // The image is shown undistorted, so the boxes' percentages land on the right pixels.
    expect(Math.abs(shown.width / shown.height - result.width / result.height)).toBeLessThan(0.02);
    const boxes = page.getByTestId('object-box');
    for (const [index, object] of result.objects.entries()) {
      const drawn = (await boxes.nth(index).boundingBox())!;
      const scale = shown.width / result.width;
      const expected = {
        x: shown.x + Math.max(0, object.box.x) * scale,
        y: shown.y + Math.max(0, object.box.y) * scale,
        right: shown.x + Math.min(result.width, object.box.x + object.box.width) * scale,
        bottom: shown.y + Math.min(result.height, object.box.y + object.box.height) * scale,
      };
      expect(Math.abs(drawn.x - expected.x)).toBeLessThan(1.5);
      expect(Math.abs(drawn.y - expected.y)).toBeLessThan(1.5);
      expect(Math.abs(drawn.x + drawn.width - expected.right)).toBeLessThan(1.5);
      expect(Math.abs(drawn.y + drawn.height - expected.bottom)).toBeLessThan(1.5);
      expect(await boxes.nth(index).innerText()).toContain(object.label);
    }
  }

  it('draws the objects over the image, lists confidences, safety, faces, colours, text, review and history; re-tags in another language and deletes', async () => {
    const account = await newAccount(suite.hub);
    const uploaded = await request(suite.hub.http)
      .post('/v1/images?wait=true')
      .set('Cookie', account.cookie)
      .attach('file', await readFile(MATCH), 'match.jpg')
      .expect(200);
    const id = uploaded.body.id as string;
    await request(suite.hub.http)
      .patch(`/v1/images/${id}`)
      .set('Cookie', account.cookie)
      .send({ altText: 'A footballer in a striped shirt keeps the ball close' })
      .expect(200);
    const image = imageSchema.parse(
      (await request(suite.hub.http).get(`/v1/images/${id}`).set('Cookie', account.cookie).expect(200)).body,
    );
    const result = image.result!;
    // What this photo gives the page to show; the checks below compare against the API's own answer.
    expect(result.objects.length).toBeGreaterThanOrEqual(2);
    expect(result.faces.count).toBeGreaterThanOrEqual(1);
    expect(result.text).not.toBe('');
    expect(result.review.needed).toBe(true);

    const { context, page } = await signedInPage(suite, account.cookie, { width: 1280, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`/images/${id}`);
    await page.getByRole('heading', { level: 1, name: result.title }).waitFor();

    // One labelled box per object, over the object; the same objects in words, with their confidences.
    await expectCount(page.getByTestId('object-box'), result.objects.length);
    await page
      .locator('.boxed-image img')
      .evaluate((img: { complete: boolean; addEventListener(type: 'load', listener: () => void): void }) =>
        img.complete ? undefined : new Promise<void>((resolve) => img.addEventListener('load', () => resolve())),
      );
    await expectBoxesOver(page, result);
    const objects = page.getByRole('list', { name: /objects? found/ }).getByRole('listitem');
    await expectCount(objects, result.objects.length);
    for (const [index, object] of result.objects.entries()) {
      const text = await objects.nth(index).innerText();
      expect(text).toContain(object.label);
      expect(text).toContain(`${Math.round(object.confidence * 100)}%`);
    }

    // Tags with confidences, a person's alt text, the safety rating with its scores, faces, colours and text.
    const tags = page.getByRole('list', { name: 'Tags with confidence' }).getByRole('listitem');
    await expectCount(tags, result.tags.length);
    expect(await tags.first().innerText()).toMatch(new RegExp(`^${result.tags[0].label} \\d{1,3}%$`));
    await page.getByText('A footballer in a striped shirt keeps the ball close').first().waitFor();
    await page.getByText(result.description).waitFor();
    expect(await page.locator('.badge-safety-' + result.safety.rating).innerText()).toMatch(
      /^(Safe|Questionable|Unsafe)$/,
    );
    await expectCount(
      page.getByRole('list', { name: 'Safety scores by class' }).getByRole('listitem'),
      Object.keys(result.safety.scores).length,
    );
    expect(await page.getByTestId('face-count').innerText()).toBe(
      result.faces.count === 1 ? '1 face found.' : `${result.faces.count} faces found.`,
    );
    const colours = page.getByRole('list', { name: 'Main colours' }).getByRole('listitem');
    await expectCount(colours, result.colors.length);
    await expectCount(page.getByTestId('colour-swatch'), result.colors.length);
    for (const [index, colour] of result.colors.entries()) {
      // In words too, not by colour alone.
      const text = await colours.nth(index).innerText();
      expect(text).toContain(colour.name);
      expect(text).toContain(colour.hex);
    }
    expect(await page.locator('.ocr-text').innerText()).toBe(result.text);
    await page.getByText('Waiting for review').waitFor();
    const reasons = page.getByRole('list', { name: 'Why the engine asked for review' }).getByRole('listitem');
    expect(await reasons.allInnerTexts()).toEqual(result.review.reasons);

    // The history: tagged by the engine, then the person's edit.
    const history = page.getByRole('list', { name: 'History' }).getByRole('listitem');
    await expectCount(history, 2);
    expect(await history.nth(0).innerText()).toContain(`Tagged in English by engine ${result.models.engine}`);
    expect(await history.nth(1).innerText()).toContain('You edited the alt text');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, '7-result-page.png'), fullPage: true });

    // A narrow window shows the image smaller: the boxes shrink with it.
    await page.setViewportSize({ width: 420, height: 900 });
    await expectBoxesOver(page, result);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Another language: the image is tagged again, the person's alt text stays, the history says so.
    await page.getByLabel('Language of the result').selectOption('de');
    await page.getByRole('button', { name: 'Tag again in this language' }).click();
    await page.getByText('Tagged again: the result below is the new one.').waitFor({ timeout: 60_000 });
    await page.getByText('Language: Deutsch').waitFor();
    await expectCount(history, 3);
    expect(await history.nth(2).innerText()).toContain('Tagged again in Deutsch');
    expect(await history.nth(2).innerText()).toContain('your alt text kept');
    const retagged = imageSchema.parse(
      (await request(suite.hub.http).get(`/v1/images/${id}`).set('Cookie', account.cookie).expect(200)).body,
    ).result!;
    expect(retagged).toMatchObject({
      language: 'de',
      altText: 'A footballer in a striped shirt keeps the ball close',
      editedFields: ['altText'],
    });
    await page.getByRole('heading', { level: 1, name: retagged.title }).waitFor();
    await expectCount(page.getByTestId('object-box'), retagged.objects.length);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Delete asks first; "Keep it" keeps it, and the confirmed delete returns to the gallery.
    await page.getByRole('button', { name: 'Delete image' }).click();
    await page.getByText('Delete this image, its result and its history for good?').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Keep it' }).click();
    await request(suite.hub.http).get(`/v1/images/${id}`).set('Cookie', account.cookie).expect(200);
    await page.getByRole('button', { name: 'Delete image' }).click();
    await page.getByRole('button', { name: 'Yes, delete the image' }).click();
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await request(suite.hub.http).get(`/v1/images/${id}`).set('Cookie', account.cookie).expect(404);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('says why an image whose bytes were not kept cannot be tagged again', async () => {
    const account = await newAccount(suite.hub);
    // An API upload keeps only the result (store=false).
    const uploaded = await request(suite.hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .attach('file', await readFile(MATCH), 'match.jpg')
      .expect(200);
    const result = imageSchema.parse(uploaded.body).result!;
    const { context, page } = await signedInPage(suite, account.cookie, { width: 1280, height: 900 });
    await page.goto(`/images/${uploaded.body.id as string}`);
    await page.getByText('Not stored: only the result was kept.').waitFor();
    // The boxes are still drawn, over the frame that stands in for the image.
    await expectCount(page.getByTestId('object-box'), result.objects.length);
    expect(await page.getByRole('button', { name: 'Tag again', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Tag again in this language' }).isDisabled()).toBe(true);
    await page.getByText("The image's bytes were not kept, so it cannot be tagged again.").waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });
});
