// nock first, then the fake Shopify's fetch reroute: both must patch fetch before @shopify/shopify-api captures it.
import nock from 'nock';
import { FakeShop, FakeShopify, SHOPIFY_ENV } from './fake-shop';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Route } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { accessibilityProblems } from '../dashboard/dashboard-support';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { APP_BRIDGE, POLARIS } from '../../apps/hub/src/connectors/shopify/shopify-embedded.controller';
import { newAccount, startTestHub, TestHub } from '../support/hub';
import { binary, unzip } from '../support/zip';
import {
  altWrites,
  imageOfMedia,
  installByTokenExchange,
  productWithHubAltText,
  sendWebhook,
  sessionToken,
  until,
  updateShopSettings,
  type Account,
} from './embedded-support';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const STAND_INS = join(__dirname, 'stand-ins');

interface HeldView {
  imageId: string;
  altText: string;
  context: string | null;
  imageUrl: string | null;
  reasons: string[];
}

describe('Shopify review before publish', () => {
  let hub: TestHub;
  let baseUrl: string;
  let account: Account;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    hub = await startTestHub({ mode: 'server', env: SHOPIFY_ENV });
    baseUrl = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}`;
    account = await newAccount(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** A shop whose three products are tagged with every result held for review. */
  async function shopWithHeldSuggestions(): Promise<{ shop: FakeShop; held: HeldView[] }> {
    const shop = new FakeShop();
    shop.addProducts(3, 1);
    shop.products.forEach((product, index) =>
      Object.assign(product, { title: ['Morning mug', 'Tabby poster', 'Fruit bowl'][index], vendor: 'Studio North' }),
    );
    await shop.serve();
    await installByTokenExchange(hub, shop, account);
    await updateShopSettings(hub, shop, (settings) => ({
      ...settings,
      review: 'hold',
      productAltText: { enabled: true, vendor: true, productType: false },
    }));

    for (const [index, product] of shop.products.entries()) {
      await sendWebhook(
        hub,
        shop,
        'products/create',
        shop.webhookProduct(product),
        `evt-review-${shop.name}-${index}`,
      ).expect(200);
    }
    const token = await sessionToken(shop);
    const held = await until('three held suggestions', async () => {
      const list = await request(hub.http)
        .get('/shopify/api/review')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const suggestions = list.body.suggestions as HeldView[];
      return suggestions.length === 3 ? suggestions : undefined;
    });
    // Held means held: nothing reached the store's media yet, while the product tags were added as usual.
    await until('product tags of all three', () => shop.callsOf('TagPhotoTags').length === 3);
    expect(altWrites(shop)).toEqual([]);
    return { shop, held };
  }

  it('holds every result, then publishes exactly what the merchant approves or rewrites in the embedded page', async () => {
    const { shop, held } = await shopWithHeldSuggestions();
    const byTitle = new Map(held.map((suggestion) => [suggestion.context, suggestion]));
    for (const product of shop.products) {
      const suggestion = byTitle.get(product.title)!;
      expect(suggestion).toMatchObject({ imageUrl: product.media[0].url, reasons: expect.any(Array) });
      // Product-aware: the product's title and vendor are in the suggestion, within 125 characters.
      expect(suggestion.altText).toContain(product.title);
      expect(suggestion.altText).toContain('Studio North');
      expect(suggestion.altText.length).toBeLessThanOrEqual(125);
    }

    const [approved, edited, rejected] = shop.products.map((product) => ({
      product,
      suggestion: byTitle.get(product.title)!,
    }));
    const blocked: string[] = [];
    const browser: Browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const standIns = new Map([
        [APP_BRIDGE, await readFile(join(STAND_INS, 'app-bridge.js'))],
        [POLARIS, await readFile(join(STAND_INS, 'polaris.js'))],
      ]);
      // The window boundary: Shopify's two CDN scripts become local stand-ins, the product pictures come from the
      // fake shop's CDN, the hub is reached as it is, and anything else is refused (the browser never goes online).
      await context.route('**/*', async (route: Route) => {
        const url = route.request().url();
        const standIn = standIns.get(url);
        const picture = url.startsWith('https://cdn.shopify.com/s/files/') ? shop.cdnImage(url) : undefined;
        if (url.startsWith(`${baseUrl}/`)) await route.continue();
        else if (standIn) await route.fulfill({ status: 200, contentType: 'application/javascript', body: standIn });
        else if (picture) await route.fulfill({ status: 200, contentType: 'image/jpeg', body: picture });
        else {
          blocked.push(url);
          await route.abort('blockedbyclient');
        }
      });
      await context.exposeFunction('__sessionToken', () => sessionToken(shop));
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });

      await page.goto(`${baseUrl}/shopify/app?shop=${shop.domain}&host=x&embedded=1`);
      await page.getByRole('heading', { name: 'Review before publishing' }).waitFor();
      const items = page.locator('s-box[data-image-id]');
      await until('three suggestions on the page', async () => (await items.count()) === 3);
      const item = (imageId: string) => page.locator(`s-box[data-image-id="${imageId}"]`);
      for (const { suggestion } of [approved, edited, rejected]) {
        await item(suggestion.imageId).getByText(suggestion.altText, { exact: true }).waitFor();
        const picture = item(suggestion.imageId).getByRole('img', { name: suggestion.altText });
        expect(await picture.getAttribute('src')).toBe(suggestion.imageUrl);
        await until('the picture to load', () =>
          picture.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0),
        );
      }

      await item(approved.suggestion.imageId).getByRole('button', { name: 'Approve' }).click();
      await until('the approved suggestion to leave the list', async () => (await items.count()) === 2);

      const rewrite = `${edited.product.title}: a framed print of a tabby cat, by Studio North`;
      await item(edited.suggestion.imageId).getByRole('button', { name: 'Edit' }).click();
      await item(edited.suggestion.imageId).getByLabel(`Alt text for ${edited.product.title}`).fill(rewrite);
      await item(edited.suggestion.imageId).getByRole('button', { name: 'Save and publish' }).click();
      await until('the edited suggestion to leave the list', async () => (await items.count()) === 1);

      await item(rejected.suggestion.imageId).getByRole('button', { name: 'Reject' }).click();
      await page.getByText('Nothing is waiting for review.').waitFor();
      expect(await items.count()).toBe(0);
      expect(await page.evaluate<string[]>('window.__toasts')).toEqual([
        'Alt text published',
        'Your alt text is published',
        'Suggestion rejected',
      ]);

      await until('two alt text writes', () => altWrites(shop).length >= 2);
      // A products/update of the rejected product neither tags it again nor writes its suggestion.
      await sendWebhook(
        hub,
        shop,
        'products/update',
        shop.webhookProduct(rejected.product),
        `evt-after-review-${shop.name}`,
      ).expect(200);
      await until(
        'the update read',
        () => shop.callsOf('TagPhotoProduct').filter((call) => call.variables.id === rejected.product.id).length === 2,
      );
      expect(altWrites(shop)).toEqual([
        { id: approved.product.media[0].id, alt: approved.suggestion.altText },
        { id: edited.product.media[0].id, alt: rewrite },
      ]);
      expect(rejected.product.media[0].alt).toBeNull();

      // The catalog backfill, started and followed on the page, finds every picture already handled: nothing more
      // is written, the rejected suggestion included.
      await page.getByRole('button', { name: 'Tag my catalog' }).click();
      await page.getByText('Done: 3 of 3 products read, 0 images tagged.').waitFor({ timeout: 60_000 });
      expect(altWrites(shop)).toHaveLength(2);

      // The settings form shows the shop's settings and saves the review policy and the product-aware options.
      expect(await page.getByLabel('When alt text is written').inputValue()).toBe('hold');
      expect(await page.getByLabel('… and its vendor').isChecked()).toBe(true);
      await page.getByLabel('When alt text is written').selectOption('confident');
      await page.getByLabel('… and its product type').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await until('the settings saved', async () =>
        (await page.evaluate<string[]>('window.__toasts')).includes('Settings saved'),
      );
      const saved = await request(hub.http)
        .get('/shopify/api/status')
        .set('Authorization', `Bearer ${await sessionToken(shop)}`)
        .expect(200);
      expect(saved.body.settings).toMatchObject({
        review: 'confident',
        productAltText: { enabled: true, vendor: true, productType: true },
      });
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);

      // The merchant's rewrite is also the image's alt text in the hub, marked as a person's edit.
      const image = await request(hub.http)
        .get(`/v1/images/${edited.suggestion.imageId}`)
        .set('Cookie', account.cookie)
        .expect(200);
      expect(image.body.result).toMatchObject({ altText: rewrite, editedFields: ['altText'] });
      // The owner's export says what was suggested and decided.
      const exported = await request(hub.http)
        .get('/v1/account/export')
        .set('Cookie', account.cookie)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const review = JSON.parse((await unzip(exported.body as Buffer)).get('review.json')!.toString()) as Array<{
        imageId: string;
        state: string;
        altText: string;
      }>;
      expect(review.filter((entry) => held.some((suggestion) => suggestion.imageId === entry.imageId))).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            imageId: approved.suggestion.imageId,
            state: 'approved',
            altText: approved.suggestion.altText,
          }),
          expect.objectContaining({
            imageId: edited.suggestion.imageId,
            state: 'edited',
            altText: edited.suggestion.altText,
          }),
          expect.objectContaining({
            imageId: rejected.suggestion.imageId,
            state: 'rejected',
            altText: rejected.suggestion.altText,
          }),
        ]),
      );
      // A decided suggestion cannot be decided again.
      const token = await sessionToken(shop);
      const again = await request(hub.http)
        .post(`/shopify/api/review/${rejected.suggestion.imageId}/approve`)
        .set('Authorization', `Bearer ${token}`)
        .send({})
        .expect(409);
      expect(again.body.error.code).toBe('already_decided');
    } finally {
      await browser.close();
    }
  });

  it('with "write only confident results", writes a sure result at once and holds the one the engine flags', async () => {
    const shop = new FakeShop();
    shop.addProducts(2, 1);
    const [sure, unsure] = shop.products;
    // An aerial photo has no certain subject: the engine asks for a person.
    shop.pictures.set(
      unsure.legacyId,
      await readFile(join(__dirname, '..', '..', 'libs', 'tagging', 'fixtures', 'eval', 'aerial.jpg')),
    );
    await shop.serve();
    await installByTokenExchange(hub, shop, account);
    await updateShopSettings(hub, shop, (settings) => ({ ...settings, review: 'confident' }));

    for (const product of [sure, unsure]) {
      await sendWebhook(
        hub,
        shop,
        'products/create',
        shop.webhookProduct(product),
        `evt-confident-${product.legacyId}-${shop.name}`,
      ).expect(200);
    }
    const token = await sessionToken(shop);
    const held = await until('the flagged result held', async () => {
      const list = await request(hub.http)
        .get('/shopify/api/review')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      return (list.body.suggestions as HeldView[])[0];
    });
    await until('both products handled', () => shop.callsOf('TagPhotoTags').length === 2);
    expect(held).toMatchObject({
      context: unsure.title,
      imageUrl: unsure.media[0].url,
      reasons: expect.arrayContaining(['no certain subject']),
    });
    expect(altWrites(shop)).toEqual([{ id: sure.media[0].id, alt: expect.any(String) }]);
    const image = await request(hub.http).get(`/v1/images/${held.imageId}`).set('Cookie', account.cookie).expect(200);
    expect(image.body.result.review.needed).toBe(true);
  });

  it("shows a shop's catalog backfill on the hub dashboard's connections page, and starts it there", async () => {
    const shop = new FakeShop();
    shop.addProducts(4, 1);
    await shop.serve();
    await installByTokenExchange(hub, shop, account);
    const browser: Browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const [name, value] = account.cookie.split('=');
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/connections`);
      const backfill = page.getByRole('region', { name: `Catalog of ${shop.domain}` });
      await backfill.getByText('The catalog has not been tagged yet').waitFor();
      await backfill.getByRole('button', { name: 'Tag the whole catalog' }).click();
      await backfill.getByText(/^Done on .+: 4 of 4 products, 4 images tagged\.$/).waitFor({ timeout: 60_000 });
      await backfill.getByRole('button', { name: 'Tag the whole catalog again' }).waitFor();
      expect(await backfill.getByRole('alert').count()).toBe(0);
      expect(await accessibilityProblems(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("serves the embedded page with App Bridge and Polaris from Shopify's CDN and a CSP allowing exactly those scripts", async () => {
    const shop = new FakeShop();
    const page = await request(hub.http).get(`/shopify/app?shop=${shop.domain}&host=x&embedded=1`).expect(200);
    expect(page.text).toContain(`<script src="${APP_BRIDGE}"></script>`);
    expect(page.text).toContain(`<script src="${POLARIS}"></script>`);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain(`script-src 'self' ${APP_BRIDGE} ${POLARIS};`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it("refuses review decisions without a valid session token or for another shop's suggestions", async () => {
    const { held } = await shopWithHeldSuggestions();
    const other = new FakeShop();
    await other.serve();
    const stranger = await newAccount(hub);
    await installByTokenExchange(hub, other, stranger);
    const otherToken = await sessionToken(other);
    const imageId = held[0].imageId;
    await request(hub.http).post(`/shopify/api/review/${imageId}/approve`).send({}).expect(401);
    await request(hub.http)
      .post(`/shopify/api/review/${imageId}/approve`)
      .set('Authorization', `Bearer ${otherToken}`)
      .send({})
      .expect(404);
    await request(hub.http)
      .post(`/shopify/api/review/${imageId}/reject`)
      .set('Authorization', `Bearer ${otherToken}`)
      .send({})
      .expect(404);
    const otherList = await request(hub.http)
      .get('/shopify/api/review')
      .set('Authorization', `Bearer ${otherToken}`)
      .expect(200);
    expect(otherList.body.suggestions).toEqual([]);
  });
});

describe("a person's edit of a Shopify image (PATCH /v1/images/:id)", () => {
  let hub: TestHub;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    hub = await startTestHub({ mode: 'server', env: SHOPIFY_ENV });
  });
  afterAll(async () => {
    await hub?.close();
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("reaches the store's media alt through a job that is retried when Shopify fails", async () => {
    const { account, shop, product, written } = await productWithHubAltText(hub, 'patch');
    expect(product.media[0].alt).toBe(written.alt);

    const image = await imageOfMedia(hub, account, product.media[0]);
    shop.failAltTextWrites = 1;
    const edit = 'A speckled stoneware mug of black coffee on a saucer';
    await request(hub.http)
      .patch(`/v1/images/${image.id}`)
      .set('Authorization', `Bearer ${account.apiKey}`)
      .send({ altText: edit })
      .expect(200);

    await until('the edit in the store', () => product.media[0].alt === edit);
    expect(shop.refusals.filter((refusal) => refusal.operation === 'TagPhotoAltText')).toEqual([
      { operation: 'TagPhotoAltText', code: 'INTERNAL_SERVER_ERROR', requested: expect.any(Number) },
    ]);
    expect(altWrites(shop)).toEqual([written, { id: product.media[0].id, alt: edit }]);

    // The products/update the write causes is recognised as the hub's own: nothing is tagged or written again.
    await sendWebhook(
      hub,
      shop,
      'products/update',
      shop.webhookProduct(product),
      `evt-patch-update-${shop.name}`,
    ).expect(200);
    await until('the update read', () => shop.callsOf('TagPhotoProduct').length === 2);
    expect(altWrites(shop)).toHaveLength(2);
    expect(product.media[0].alt).toBe(edit);
  });
  it("names the store's media in the CSV export, and an alt text corrected in the CSV reaches the store as a PATCH does", async () => {
    const { account, shop, product, written } = await productWithHubAltText(hub, 'csv');

    const exported = await request(hub.http)
      .get('/v1/images/export.csv?source=shopify')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .expect(200);
    const rows = parse<Record<string, string>>(exported.text, { bom: true, columns: true });
    expect(rows).toEqual([
      expect.objectContaining({ source: 'shopify', source_reference: product.media[0].id, alt_text: written.alt }),
    ]);

    const edit = 'A speckled stoneware mug, corrected in a spreadsheet';
    const report = await request(hub.http)
      .post('/v1/images/import.csv')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .set('Content-Type', 'text/csv')
      .send(stringify([{ ...rows[0], alt_text: edit }], { header: true }))
      .expect(200);
    expect(report.body).toEqual({ changed: [rows[0].id], unchanged: 0, refused: [] });
    await until('the edit in the store', () => product.media[0].alt === edit);
    expect(altWrites(shop)).toEqual([written, { id: product.media[0].id, alt: edit }]);
  });
});
