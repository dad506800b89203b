import nock from 'nock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { GoogleDriveSync } from '../../apps/hub/src/connectors/google-drive/google-drive-sync.service';
import { newOwner, REPO_ROOT, startTestHub, TestHub } from '../support/hub';
import {
  blockTheInternet,
  captureUpdate,
  changesPage,
  DRIVE,
  driveFile,
  driveFolder,
  FOLDER_MIME_TYPE,
  foldersIn,
  GOOGLE_ENV,
  googleError,
  OAUTH,
  serveWatch,
  waitFor,
} from './drive-nock';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const ROBIN = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval', 'robin.jpg');

/** My Drive of the test account: Photos ← 2026 ← Summer, and Work beside Photos. */
const PHOTOS = '1PhotosFolder_aaaaaaaaaaaa';
const YEAR = '1YearFolder_bbbbbbbbbbbbbb';
const SUMMER = '1SummerFolder_cccccccccccc';
const WORK = '1WorkFolder_dddddddddddddd';
const ROOT_ID = '0AMyDriveRoot_eeeeeeeeeeee';

describe('Google Drive: browsing folders and watching subfolders', () => {
  let hub: TestHub;
  let robin: Buffer;
  let owner: { id: string; cookie: string };
  let connectionId: string;

  const connections = (): ConnectionRepository => hub.app.get(ConnectionRepository);

  /** A Drive connection as the OAuth callback leaves it: sealed tokens Google still accepts, no folders yet. */
  async function connectDrive(ownerId: string, account: string): Promise<string> {
    const connection = await connections().upsert(
      ownerId,
      'google-drive',
      account,
      {
        tokens: {
          access_token: `ya29.${account}`,
          refresh_token: `1//refresh-${account}`,
          expiry_date: Date.now() + 60 * 60_000,
          token_type: 'Bearer',
        },
      },
      { folders: [] },
    );
    return connection.id;
  }

  const browse = (query: Record<string, string>, cookie = owner.cookie, id = connectionId) =>
    request(hub.http).get(`/v1/connections/${id}/google-drive/folders`).query(query).set('Cookie', cookie);

  /** A folder's parents as files.get answers them; each folder may be asked about once. */
  function serveParents(folderId: string, parents: string[]): nock.Scope {
    return nock(DRIVE)
      .get(`/drive/v3/files/${folderId}`)
      .query((query) => query.fields === 'id,parents')
      .once()
      .reply(200, { kind: 'drive#file', id: folderId, parents });
  }

  /** A new image's bytes and its write-back; returns what files.update was sent. */
  function serveImage(fileId: string): { body?: Record<string, unknown> } {
    nock(DRIVE)
      .get(`/drive/v3/files/${fileId}`)
      .query((query) => query.alt === 'media')
      .reply(200, robin, { 'Content-Type': 'image/jpeg' });
    return captureUpdate(fileId);
  }

  function serveChanges(pageToken: string, files: Record<string, unknown>[], next: string): void {
    nock(DRIVE)
      .get('/drive/v3/changes')
      .query((query) => query.pageToken === pageToken)
      .reply(200, changesPage(files, next));
  }

  const runSync = () => hub.app.get(GoogleDriveSync).sync({ ownerId: owner.id, connectionId });

  beforeAll(async () => {
    blockTheInternet();
    robin = await readFile(ROBIN);
    hub = await startTestHub({ mode: 'embedded', env: GOOGLE_ENV });
    owner = await newOwner(hub);
    connectionId = await connectDrive(owner.id, '01234567890123456789');
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await hub.close();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });

  it('lists the folders at the top of My Drive by name, a page at a time, with the account’s own token', async () => {
    const seen: Array<Record<string, unknown>> = [];
    nock(DRIVE, { reqheaders: { authorization: 'Bearer ya29.01234567890123456789' } })
      .get('/drive/v3/files')
      .query((query) => {
        seen.push(query);
        return query.q === foldersIn('root') && query.pageToken === undefined;
      })
      .reply(200, {
        kind: 'drive#fileList',
        incompleteSearch: false,
        nextPageToken: 'page-2-token',
        files: [driveFolder(PHOTOS, 'Photos', ROOT_ID)],
      });
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn('root') && query.pageToken === 'page-2-token')
      .reply(200, { kind: 'drive#fileList', incompleteSearch: false, files: [driveFolder(WORK, 'Work', ROOT_ID)] });

    const first = await browse({}).expect(200);
    expect(first.body).toEqual({
      parent: 'root',
      folders: [{ id: PHOTOS, name: 'Photos' }],
      nextPageToken: 'page-2-token',
    });
    expect(seen[0]).toMatchObject({ orderBy: 'name', supportsAllDrives: 'true' });
    expect(String(seen[0].fields)).toContain('nextPageToken');

    const second = await browse({ parent: 'root', pageToken: 'page-2-token' }).expect(200);
    expect(second.body).toEqual({ parent: 'root', folders: [{ id: WORK, name: 'Work' }], nextPageToken: null });
  });

  it('browses into a folder, and names one folder by its id', async () => {
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn(PHOTOS))
      .reply(200, { kind: 'drive#fileList', files: [driveFolder(YEAR, '2026', PHOTOS)] });
    nock(DRIVE)
      .get(`/drive/v3/files/${YEAR}`)
      .query(true)
      .reply(200, { kind: 'drive#file', id: YEAR, name: '2026', mimeType: FOLDER_MIME_TYPE, trashed: false });

    expect((await browse({ parent: PHOTOS }).expect(200)).body.folders).toEqual([{ id: YEAR, name: '2026' }]);
    const named = await request(hub.http)
      .get(`/v1/connections/${connectionId}/google-drive/folders/${YEAR}`)
      .set('Cookie', owner.cookie)
      .expect(200);
    expect(named.body).toEqual({ id: YEAR, name: '2026' });
  });

  it('answers 404 for a folder Drive does not have, or a file that is no folder, and 502 naming what Google said', async () => {
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn('1GoneFolder_zzzzzzzzzz'))
      .reply(404, googleError(404, 'notFound', 'File not found: 1GoneFolder_zzzzzzzzzz.'));
    nock(DRIVE)
      .get('/drive/v3/files/1AnImage_yyyyyyyyyyyyy')
      .query(true)
      .reply(200, { kind: 'drive#file', id: '1AnImage_yyyyyyyyyyyyy', name: 'cat.jpg', mimeType: 'image/jpeg' });
    // Google's client takes a 403 for a stale token first: it refreshes once and asks again.
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === foldersIn(WORK))
      .times(2)
      .reply(403, googleError(403, 'userRateLimitExceeded', 'User rate limit exceeded.', 'usageLimits'));
    nock(OAUTH).post('/token').reply(200, { access_token: 'ya29.refreshed', expires_in: 3599, token_type: 'Bearer' });

    const gone = await browse({ parent: '1GoneFolder_zzzzzzzzzz' }).expect(404);
    expect(gone.body.error.code).toBe('drive_folder_not_found');
    const image = await request(hub.http)
      .get(`/v1/connections/${connectionId}/google-drive/folders/1AnImage_yyyyyyyyyyyyy`)
      .set('Cookie', owner.cookie)
      .expect(404);
    expect(image.body.error.code).toBe('drive_folder_not_found');
    const limited = await browse({ parent: WORK }).expect(502);
    expect(limited.body.error).toEqual({
      code: 'drive_request_failed',
      message: expect.stringContaining('403 (User rate limit exceeded.)'),
    });
  });

  it('refuses a folder id that is not one, before asking Drive', async () => {
    const bad = await browse({ parent: "x' or name contains 'a" }).expect(400);
    expect(bad.body.error).toEqual({ code: 'invalid_request', message: expect.stringContaining('parent') });
    await browse({ parent: 'root', pageToken: '' }).expect(400);
  });

  it("refuses another owner's connection as if it did not exist, and anyone not signed in", async () => {
    const other = await newOwner(hub);
    const theirs = await connectDrive(other.id, '98765432109876543210');
    const mine = await browse({}, owner.cookie, theirs).expect(404);
    expect(mine.body.error.code).toBe('not_found');
    await request(hub.http)
      .get(`/v1/connections/${theirs}/google-drive/folders/${PHOTOS}`)
      .set('Cookie', owner.cookie)
      .expect(404);
    await request(hub.http).get(`/v1/connections/${connectionId}/google-drive/folders`).expect(401);
  });

  it('tags only images directly in a watched folder while subfolders are off, asking nothing about parents', async () => {
    serveWatch('100');
    const saved = await request(hub.http)
      .put(`/v1/connections/${connectionId}/google-drive`)
      .set('Cookie', owner.cookie)
      .send({ folders: [PHOTOS] })
      .expect(200);
    expect(saved.body.settings).toMatchObject({ folders: [PHOTOS], includeSubfolders: false });

    serveChanges(
      '100',
      [
        driveFile('file-direct', 'direct.jpg', PHOTOS, 'md5-direct'),
        driveFile('file-deep', 'deep.jpg', SUMMER, 'md5-deep'),
      ],
      '101',
    );
    const direct = serveImage('file-direct');
    await runSync();
    expect(direct.body?.appProperties).toMatchObject({ tagphotoImageId: expect.any(String) });
    expect(await connections().getItem(owner.id, connectionId, 'file-deep')).toBeUndefined();
  });

  it('with subfolders on, tags images whose parent chain reaches a watched folder, asking about each folder once', async () => {
    const saved = await request(hub.http)
      .put(`/v1/connections/${connectionId}/google-drive`)
      .set('Cookie', owner.cookie)
      .send({ folders: [PHOTOS], includeSubfolders: true })
      .expect(200);
    expect(saved.body.settings.includeSubfolders).toBe(true);

    serveChanges(
      '101',
      [
        driveFile('file-deep', 'deep.jpg', SUMMER, 'md5-deep'),
        driveFile('file-deep-2', 'deep-2.jpg', SUMMER, 'md5-deep-2'),
        driveFile('file-year', 'year.jpg', YEAR, 'md5-year'),
        driveFile('file-work', 'work.jpg', WORK, 'md5-work'),
      ],
      '102',
    );
    // Summer → 2026 → Photos (watched); Work → My Drive's root, which has no parent. Each asked once (nock .once()).
    serveParents(SUMMER, [YEAR]);
    serveParents(YEAR, [PHOTOS]);
    serveParents(WORK, [ROOT_ID]);
    serveParents(ROOT_ID, []);
    const deep = serveImage('file-deep');
    const deep2 = serveImage('file-deep-2');
    const year = serveImage('file-year');
    await runSync();

    for (const update of [deep, deep2, year])
      expect(update.body?.appProperties).toMatchObject({ tagphotoImageId: expect.any(String) });
    expect(await connections().getItem(owner.id, connectionId, 'file-deep')).toMatchObject({ contentHash: 'md5-deep' });
    expect(await connections().getItem(owner.id, connectionId, 'file-work')).toBeUndefined();
  });

  it('backfills a watched folder and, with subfolders on, the folders below it', async () => {
    const kinds = `(mimeType contains 'image/' or mimeType = '${FOLDER_MIME_TYPE}')`;
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === `'${PHOTOS}' in parents and ${kinds} and trashed = false`)
      .reply(200, {
        kind: 'drive#fileList',
        files: [driveFolder(YEAR, '2026', PHOTOS), driveFile('file-top', 'top.jpg', PHOTOS, 'md5-top')],
      });
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((query) => query.q === `'${YEAR}' in parents and ${kinds} and trashed = false`)
      .reply(200, {
        kind: 'drive#fileList',
        files: [driveFile('file-year', 'year.jpg', YEAR, 'md5-year'), driveFile('file-y2', 'y2.jpg', YEAR, 'md5-y2')],
      });
    serveImage('file-top');
    serveImage('file-y2');

    await request(hub.http)
      .post(`/v1/connections/${connectionId}/google-drive/backfill`)
      .set('Cookie', owner.cookie)
      .expect(202);
    let backfills: Array<Record<string, unknown>> = [];
    await waitFor(async () => {
      const status = await request(hub.http)
        .get(`/v1/connections/${connectionId}/google-drive`)
        .set('Cookie', owner.cookie)
        .expect(200);
      backfills = status.body.backfills;
      return backfills[0]?.status === 'done';
    }, 'the backfill of Photos and its subfolders');
    // file-year was tagged by the sync above: seen again, unchanged.
    expect(backfills).toEqual([{ folderId: PHOTOS, status: 'done', seen: 3, tagged: 2, unchanged: 1, failed: 0 }]);
  });
});
