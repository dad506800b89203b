// nock first, then the fake Shopify's fetch reroute: both must patch fetch before @shopify/shopify-api captures it.
import nock from 'nock';
import { FakeShopify, SHOPIFY_ENV } from '../shopify/fake-shop';
import { join } from 'node:path';
import { altWrites, imageOfMedia, productWithHubAltText, until } from '../shopify/embedded-support';
import {
  accessibilityProblems,
  dashboardSuite,
  editAltTextOnPage,
  focusedElement,
  SCREENSHOTS,
  signedInPage,
} from './dashboard-support';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

/**
 * A person corrects the alt text of a Shopify product image on its page in the hub's dashboard, in headless Chromium,
 * and the correction reaches the product's media in the fake shop (Shopify's Admin GraphQL API as documented).
 */
describe('an edit in the dashboard reaching a Shopify media alt', () => {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterAll(async () => {
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const suite = dashboardSuite({ env: SHOPIFY_ENV });

  it("saves the alt text on the image's page and the shop's media gets it", async () => {
    const { account, shop, product, written } = await productWithHubAltText(suite.hub, 'dashboard');
    expect(product.media[0].alt).toBe(written.alt);
    const image = await imageOfMedia(suite.hub, account, product.media[0]);

    const { context, page } = await signedInPage(suite, account.cookie);
    try {
      await page.goto(`/images/${image.id}`);
      await page.getByLabel('Alt text').waitFor();
      expect((await focusedElement(page)).tag).toBe('H1');
      const altText = 'A speckled stoneware mug of black coffee, seen from above';
      await editAltTextOnPage(page, altText);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'shopify-edit.png'), fullPage: true });

      await until('the edit in the shop', () => product.media[0].alt === altText);
      expect(altWrites(shop)).toEqual([written, { id: product.media[0].id, alt: altText }]);
    } finally {
      await context.close();
    }
  });
});
