import nock from 'nock';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { newAccount, newOwner } from '../support/hub';
import {
  blockTheInternet,
  DRIVE,
  driveFolder,
  FOLDER_MIME_TYPE,
  foldersIn,
  GOOGLE_ENV,
  serveWatch,
} from '../google-drive/drive-nock';
import {
  accessibilityProblems,
  dashboardSuite,
  expectCount,
  focusedElement,
  SCREENSHOTS,
  signedInPage,
} from './dashboard-support';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const ROOT_ID = '0AMyDriveRoot_eeeeeeeeeeee';
const HOLIDAYS = '1HolidaysFolder_aaaaaaaaaa';
const WORK = '1WorkFolder_dddddddddddddd';
const SUMMER = '1SummerFolder_cccccccccccc';

describe('the Connections page in headless Chromium', () => {
  const suite = dashboardSuite({ env: GOOGLE_ENV });

  beforeAll(blockTheInternet);
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** A browser that carries the account's session cookie, as after signing in. */
  it('explains the connectors the operator has not set up instead of offering to connect them', async () => {
    const { cookie } = await newAccount(suite.hub);
    const { context, page } = await signedInPage(suite, cookie, { width: 1280, height: 900 });
    await page.goto('/connections');
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();

    const shopify = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Shopify' }) });
    await shopify
      .getByText(
        'The operator of this hub has not set up Shopify: set SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL in the hub’s environment and restart it.',
      )
      .waitFor();
    const slack = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Slack' }) });
    await slack
      .getByText(
        'set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET in the hub’s environment',
      )
      .waitFor();
    expect(await page.getByRole('button', { name: 'Connect Shopify' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Connect Slack' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Connect Google Drive' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'connections-not-set-up.png'), fullPage: true });

    // A bookmark or an old link to the connect address gets a page that says the same, and the way back.
    const visit = await page.goto('/connect/slack');
    expect(visit?.status()).toBe(503);
    await page.getByRole('heading', { level: 1, name: 'Slack is not set up on this hub' }).waitFor();
    await page.getByText('SLACK_STATE_SECRET').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Back to Connections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    await context.close();
  });

  it('chooses a Drive folder by browsing into its parent, saves it with subfolders and shows it saved by name', async () => {
    const owner = await newOwner(suite.hub);
    const account = '01234567890123456789';
    const connection = await suite.hub.app.get(ConnectionRepository).upsert(
      owner.id,
      'google-drive',
      account,
      {
        tokens: {
          access_token: 'ya29.dashboard',
          refresh_token: '1//refresh-dashboard',
          expiry_date: Date.now() + 60 * 60_000,
          token_type: 'Bearer',
        },
      },
      { folders: [] },
    );
    nock(DRIVE)
      .persist()
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn('root') && query.pageToken === undefined)
      .reply(200, {
        kind: 'drive#fileList',
        nextPageToken: 'root-page-2',
        files: [driveFolder(HOLIDAYS, 'Holidays', ROOT_ID)],
      });
    nock(DRIVE)
      .persist()
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn('root') && query.pageToken === 'root-page-2')
      .reply(200, { kind: 'drive#fileList', files: [driveFolder(WORK, 'Work', ROOT_ID)] });
    nock(DRIVE)
      .persist()
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn(HOLIDAYS))
      .reply(200, { kind: 'drive#fileList', files: [driveFolder(SUMMER, 'Summer 2026', HOLIDAYS)] });
    nock(DRIVE)
      .persist()
      .get(`/drive/v3/files/${SUMMER}`)
      .query(true)
      .reply(200, { kind: 'drive#file', id: SUMMER, name: 'Summer 2026', mimeType: FOLDER_MIME_TYPE, trashed: false });
    serveWatch();

    const { context, page } = await signedInPage(suite, owner.cookie, { width: 1280, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/connections');
    const panel = page.getByRole('region', { name: `Google Drive ${account}` });
    await panel.getByText('No folder chosen').waitFor();
    const inMyDrive = panel.getByRole('list', { name: 'Folders in My Drive' });
    await inMyDrive.getByRole('checkbox', { name: 'Holidays' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Show more folders' }).click();
    await inMyDrive.getByRole('checkbox', { name: 'Work' }).waitFor();
    await expectCount(inMyDrive.getByRole('listitem'), 2);

    await panel.getByRole('button', { name: 'Open Holidays' }).click();
    const inHolidays = panel.getByRole('list', { name: 'Folders in Holidays' });
    await inHolidays.waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'LI' });
    await panel.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'My Drive' }).waitFor();
    await inHolidays.getByRole('checkbox', { name: 'Summer 2026' }).check();
    await panel.getByRole('list', { name: 'Chosen folders' }).getByText('Summer 2026').waitFor();
    await panel.getByLabel('Also watch subfolders').check();
    expect(await accessibilityProblems(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText('Saved. Watching 1 folder: Summer 2026.').waitFor();

    const status = await request(suite.hub.http)
      .get(`/v1/connections/${connection.id}/google-drive`)
      .set('Cookie', owner.cookie)
      .expect(200);
    expect(status.body.settings).toMatchObject({ folders: [SUMMER], includeSubfolders: true });
    expect(status.body.watching).not.toBeNull();

    // Seen again later: the saved folder by its name (asked of Drive), and the option as saved.
    await page.reload();
    await panel.getByRole('list', { name: 'Chosen folders' }).getByText('Summer 2026').waitFor();
    expect(await panel.getByLabel('Also watch subfolders').isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Tag the images already there' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Tag the images already there' }).isEnabled()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'drive-folders.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
