import nock from 'nock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { descriptionFingerprint, tagsProperty } from '../../apps/hub/src/connectors/google-drive/drive-description';
import { blockTheInternet, GOOGLE_ENV, serveEditedFile, serveNewImage, waitFor } from '../google-drive/drive-nock';
import { connectAndWatchFolder, notifyChange } from '../google-drive/drive-support';
import { newAccount, REPO_ROOT } from '../support/hub';
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
 * A person corrects the alt text of an image that came from a watched Google Drive folder, on its page in the hub's
 * dashboard in headless Chromium, and the correction reaches the file's description through Drive's files.update
 * (Google's side is nock, answering as Drive documents it).
 */
describe('an edit in the dashboard reaching a Google Drive description', () => {
  beforeAll(() => blockTheInternet());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const suite = dashboardSuite({ env: GOOGLE_ENV });

  it("saves the alt text on the image's page and Drive gets it in the file's description", async () => {
    const robin = await readFile(join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval', 'robin.jpg'));
    const account = await newAccount(suite.hub);
    const { channel } = await connectAndWatchFolder(suite.hub, account.cookie);
    const tagged = serveNewImage('file-journey', robin, '100', '101', 'ya29.first-access');
    await notifyChange(suite.hub, channel, 2).expect(204);
    await waitFor(() => tagged.body !== undefined, "the hub's own description");
    const imageId = (tagged.body!.appProperties as Record<string, string>).tagphotoImageId;
    const written = tagged.body!.description as string;

    const edited = serveEditedFile('file-journey', {
      description: written,
      appProperties: { tagphotoImageId: imageId, tagphotoDescription: descriptionFingerprint(written) },
    });
    const { context, page } = await signedInPage(suite, account.cookie);
    try {
      await page.goto(`/images/${imageId}`);
      await page.getByLabel('Alt text').waitFor();
      expect((await focusedElement(page)).tag).toBe('H1');
      const altText = 'A robin singing on a fence post in the morning';
      await editAltTextOnPage(page, altText);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'google-drive-edit.png'), fullPage: true });

      await waitFor(() => edited.body !== undefined, 'files.update with the edit');
      const image = await request(suite.hub.http).get(`/v1/images/${imageId}`).set('Cookie', account.cookie);
      const labels = (image.body.result.tags as Array<{ label: string }>).map((tag) => tag.label);
      const description = `${altText}\n\nTags: ${labels.slice(0, 10).join(', ')}`;
      expect(written).not.toContain(altText);
      expect(edited.body).toEqual({
        description,
        appProperties: {
          tagphotoImageId: imageId,
          tagphotoTags: tagsProperty(labels),
          tagphotoDescription: descriptionFingerprint(description),
        },
      });
    } finally {
      await context.close();
    }
  });
});
