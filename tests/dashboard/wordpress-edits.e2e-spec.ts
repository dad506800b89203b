import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPlugin } from '../../apps/wordpress-plugin/build';
import { launchChromium } from '../support/chromium';
import { type HubProcess, signUpAndSignIn } from '../support/hub-process';
import {
  connectSite,
  eventually,
  MediaLibrary,
  startHubForWordPress,
  stopAll,
} from '../wordpress/support/wordpress-e2e';
import { startWordPress, type WordPressSite } from '../wordpress/support/wordpress-site';
import { accessibilityProblems, editAltTextOnPage, focusedElement, SCREENSHOTS } from './dashboard-support';

/**
 * A person corrects a WordPress image's alt text on its page in the hub's dashboard, in headless Chromium, and the
 * correction reaches the attachment in a real WordPress (MariaDB, PHP) connected to the real hub.
 */
describe('an edit in the dashboard reaching a WordPress attachment', () => {
  let hub: HubProcess;
  let stopHub: () => Promise<void>;
  let site: WordPressSite;
  let browser: Browser;
  let page: Page;
  const mediaLibrary = new MediaLibrary(
    () => site,
    () => hub.output(),
  );

  beforeAll(async () => {
    await buildPlugin();
    ({ hub, stop: stopHub } = await startHubForWordPress('wp-dashboard'));
    const cookie = await signUpAndSignIn(hub.url, `wp-dashboard-${randomBytes(4).toString('hex')}@example.com`);
    site = await startWordPress();
    await connectSite(hub.url, cookie, site);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    await context.addCookies([{ name, value, url: hub.url }]);
    page = await context.newPage();
  });

  afterAll(() => stopAll([() => browser?.close(), () => site?.stop(), () => stopHub?.()]));

  it('saves the alt text on the image’s page and WordPress shows it on the attachment', async () => {
    const created = await mediaLibrary.upload('chelsea.jpg');
    const tagged = await mediaLibrary.untilSettled(created.id);
    expect(tagged.tagphoto.status).toBe('done');
    const hubImageId = tagged.tagphoto.hubImageId;

    await page.goto(`${hub.url}/images/${hubImageId}`);
    await page.getByLabel('Alt text').waitFor();
    expect((await focusedElement(page)).tag).toBe('H1');
    const altText = 'Chelsea, a tabby cat, looking up at the camera';
    await editAltTextOnPage(page, altText);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'wordpress-edit.png'), fullPage: true });

    const attachment = await eventually(
      () => mediaLibrary.media(created.id),
      (media) => media.alt_text === altText,
    );
    expect(attachment.tagphoto).toMatchObject({ status: 'done', hubImageId });
    expect(attachment.tagphoto.written).toContain('alt');
  });
});
