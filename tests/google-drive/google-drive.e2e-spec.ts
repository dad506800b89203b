import nock from 'nock';
import {
  blockTheInternet,
  captureUpdate,
  ChannelRequest,
  changesPage,
  DRIVE,
  driveFile,
  FOLDER,
  GOOGLE_ENV,
  notificationHeaders,
  OAUTH,
  serveConsent,
  serveEditedFile,
  serveNewImage,
  serveWatch,
  waitFor,
} from './drive-nock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { descriptionFingerprint } from '../../apps/hub/src/connectors/google-drive/drive-description';
import type { DriveSecrets } from '../../apps/hub/src/connectors/google-drive/google-drive.client';
import { QUEUE_DRIVER, QueueDriver } from '../../apps/hub/src/jobs/queue-driver';
import { ManualClock, newAccount, REPO_ROOT, startTestHub, TestHub } from '../support/hub';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const EVAL = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval');
const DAY = 24 * 60 * 60_000;

interface Channel {
  id: string;
  token: string;
  resourceId: string;
  expiration: number;
}

describe('Google Drive: watched folders tagged through push notifications', () => {
  const clock = new ManualClock(new Date('2026-11-29T02:00:00Z'));
  let hub: TestHub;
  let cookie: string;
  let connectionId: string;
  let channel: Channel;
  let robin: Buffer;
  let notificationNumber = 1;
  /** What the first write-back gave file-robin, and the image the backfill made of file-garden. */
  let robinImageId: string;
  let robinDescription: string;
  let gardenImageId: string;

  const connections = (): ConnectionRepository => hub.app.get(ConnectionRepository);
  const secrets = async (): Promise<DriveSecrets> => {
    const connection = (await connections().findById(connectionId))!;
    return (await connections().secrets<DriveSecrets>(connection.ownerId, connectionId))!;
  };
  const notify = (which: Channel, state = 'change') =>
    request(hub.http)
      .post('/webhooks/google-drive')
      .set(notificationHeaders(which, state, ++notificationNumber));

  beforeAll(async () => {
    blockTheInternet();
    robin = await readFile(join(EVAL, 'robin.jpg'));
    hub = await startTestHub({ mode: 'server', clock, env: GOOGLE_ENV });
    cookie = (await newAccount(hub)).cookie;
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await hub.close();
  });

  it('connects a Google account through the OAuth web-server flow and keeps its tokens sealed', async () => {
    const begin = await request(hub.http).get('/connect/google-drive').set('Cookie', cookie).expect(302);
    const consent = new URL(begin.headers.location);
    expect(consent.origin).toBe('https://accounts.google.com');
    expect(consent.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/drive');
    expect(consent.searchParams.get('access_type')).toBe('offline');
    const state = consent.searchParams.get('state')!;

    const google = serveConsent();

    const forged = await request(hub.http)
      .get('/connect/google-drive/callback')
      .query({ state: `${state}x`, code: '4/0AbCd' })
      .set('Cookie', cookie);
    expect(forged.status).toBe(400);
    const back = await request(hub.http)
      .get('/connect/google-drive/callback')
      .query({ state, code: '4/0AbCd-code', scope: 'https://www.googleapis.com/auth/drive' })
      .set('Cookie', cookie)
      .expect(302);
    expect(google.tokenRequest).toContain('code=4%2F0AbCd-code');
    connectionId = new URL(back.headers.location, 'https://hub.example.com').searchParams.get('connection')!;

    const listed = await request(hub.http).get('/v1/connections').set('Cookie', cookie).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: connectionId, provider: 'google-drive', externalAccount: '01234567890123456789' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('ya29');
    expect((await secrets()).tokens).toMatchObject({
      access_token: 'ya29.first-access',
      refresh_token: '1//refresh-token',
    });
  });

  it('starts watching a folder: stores the start page token, then opens a changes channel', async () => {
    const watch = serveWatch('100');
    const saved = await request(hub.http)
      .put(`/v1/connections/${connectionId}/google-drive`)
      .set('Cookie', cookie)
      .send({ folders: [FOLDER] })
      .expect(200);

    const { watched } = watch;
    expect(watch.pageToken).toBe('100');
    expect(watched).toMatchObject({ type: 'web_hook', address: GOOGLE_ENV.GOOGLE_DRIVE_WEBHOOK_URL });
    expect(Number(watched!.expiration)).toBe(clock.now().getTime() + 7 * DAY);
    channel = {
      id: watched!.id,
      token: watched!.token,
      resourceId: 'o3hgv1538sdjfh',
      expiration: Number(watched!.expiration),
    };
    expect(saved.body).toMatchObject({
      settings: { folders: [FOLDER], description: 'alt_text_and_tags', overwriteDescriptions: false },
      watching: { expiresAt: new Date(channel.expiration).toISOString() },
    });
    await notify(channel, 'sync').expect(204);
  });

  it('tags a new JPEG from a push notification and writes description and appProperties back', async () => {
    const update = serveNewImage('file-robin', robin, '100', '101', 'ya29.first-access');
    await notify(channel).expect(204);
    await waitFor(() => update.body !== undefined, 'files.update');

    const imageId = (update.body!.appProperties as Record<string, string>).tagphotoImageId;
    const image = await request(hub.http).get(`/v1/images/${imageId}`).set('Cookie', cookie).expect(200);
    const result = image.body.result as { altText: string; tags: Array<{ label: string }> };
    expect(result.tags.length).toBeGreaterThan(0);
    expect(update.body!.description).toBe(
      `${result.altText}\n\nTags: ${result.tags
        .slice(0, 10)
        .map((tag) => tag.label)
        .join(', ')}`,
    );
    expect(update.body!.appProperties).toMatchObject({
      tagphotoImageId: imageId,
      tagphotoTags: expect.stringContaining(result.tags[0].label),
    });
    expect(image.body.stored).toBe(false);
    robinImageId = imageId;
    robinDescription = update.body!.description as string;
    const ownerId = (await connections().findById(connectionId))!.ownerId;
    await waitFor(
      async () =>
        ((await connections().getCursor(ownerId, connectionId, 'drive-changes'))?.position as { pageToken?: string })
          .pageToken === '101',
      'the page token to move on',
    );
  });

  it('ignores a notification with a forged channel token: 401 and no call to Drive', async () => {
    const anyDriveCall = nock(DRIVE).get(/.*/).query(true).reply(500);
    await notify({ ...channel, token: 'forged-token-of-the-same-shape-0123456789abcdef' }).expect(401);
    await notify({ ...channel, id: `${connectionId}_0000000000000000` }).expect(401);
    await request(hub.http).post('/webhooks/google-drive').set({ 'X-Goog-Resource-State': 'change' }).expect(401);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(anyDriveCall.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('refreshes the access token when Drive answers 401, retries, and keeps the new token sealed', async () => {
    nock(DRIVE)
      .get('/drive/v3/changes')
      .query((query) => query.pageToken === '101')
      .reply(
        200,
        changesPage([driveFile('file-second', 'second.jpg', FOLDER, 'md5-second', { description: '' })], '102'),
      );
    nock(DRIVE, { reqheaders: { authorization: 'Bearer ya29.first-access' } })
      .get('/drive/v3/files/file-second')
      .query((query) => query.alt === 'media')
      .reply(401, {
        error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      });
    let refreshBody = '';
    nock(OAUTH)
      .post('/token', (body) => {
        refreshBody = new URLSearchParams(body as Record<string, string>).toString();
        return true;
      })
      .reply(200, {
        access_token: 'ya29.second-access',
        expires_in: 3599,
        scope: 'https://www.googleapis.com/auth/drive',
        token_type: 'Bearer',
      });
    const retried = nock(DRIVE, { reqheaders: { authorization: 'Bearer ya29.second-access' } })
      .get('/drive/v3/files/file-second')
      .query((query) => query.alt === 'media')
      .reply(200, robin, { 'Content-Type': 'image/jpeg' });
    const update = captureUpdate('file-second', 'ya29.second-access');

    await notify(channel).expect(204);
    await waitFor(() => update.body !== undefined, 'files.update after the refresh');
    expect(retried.isDone()).toBe(true);
    expect(refreshBody).toContain('grant_type=refresh_token');
    expect(refreshBody).toContain('refresh_token=1%2F%2Frefresh-token');
    await waitFor(
      async () => (await secrets()).tokens.access_token === 'ya29.second-access',
      'the refreshed token to be stored',
    );
    expect((await secrets()).tokens.refresh_token).toBe('1//refresh-token');
  });

  it('renews a channel before it expires and stops the old one', async () => {
    clock.advance(6 * DAY + 12 * 60 * 60_000);
    let renewed: ChannelRequest | undefined;
    let stopped: Record<string, unknown> | undefined;
    nock(DRIVE)
      .post('/drive/v3/changes/watch')
      .query(true)
      .reply(200, (_uri, body) => {
        renewed = body as ChannelRequest;
        return { kind: 'api#channel', id: renewed.id, resourceId: 'p4ihw2649tekgi', expiration: renewed.expiration };
      });
    nock(DRIVE)
      .post('/drive/v3/channels/stop')
      .reply(204, (_uri, body) => {
        stopped = body as Record<string, unknown>;
        return '';
      });

    const queue = hub.app.get<QueueDriver>(QUEUE_DRIVER);
    await queue.dispatch('drive-channel-renewal', {}, 'renewal-in-test');
    await queue.waitUntilFinished('drive-channel-renewal', 'renewal-in-test', 30_000);

    expect(renewed).toBeDefined();
    expect(renewed!.id).not.toBe(channel.id);
    expect(renewed!.token).not.toBe(channel.token);
    expect(Number(renewed!.expiration)).toBe(clock.now().getTime() + 7 * DAY);
    expect(stopped).toEqual({ id: channel.id, resourceId: channel.resourceId });
    const old = channel;
    channel = {
      id: renewed!.id,
      token: renewed!.token,
      resourceId: 'p4ihw2649tekgi',
      expiration: Number(renewed!.expiration),
    };
    await notify(old, 'sync').expect(401);
    await notify(channel, 'sync').expect(204);
    const status = await request(hub.http)
      .get(`/v1/connections/${connectionId}/google-drive`)
      .set('Cookie', cookie)
      .expect(200);
    expect(status.body.watching).toEqual({ expiresAt: new Date(channel.expiration).toISOString() });
  });

  it("backfills a folder's existing images with progress, never replacing a description a person wrote", async () => {
    let query: Record<string, unknown> = {};
    nock(DRIVE)
      .get('/drive/v3/files')
      .query((q) => {
        query = q;
        return true;
      })
      .reply(200, {
        kind: 'drive#fileList',
        incompleteSearch: false,
        files: [
          driveFile('file-robin', 'file-robin.jpg', FOLDER, 'md5-file-robin'),
          driveFile('file-garden', 'garden.jpg', FOLDER, 'md5-garden', { description: 'Grandma in her garden, 1998' }),
        ],
      });
    nock(DRIVE)
      .get('/drive/v3/files/file-garden')
      .query((q) => q.alt === 'media')
      .reply(200, robin, { 'Content-Type': 'image/jpeg' });
    const update = captureUpdate('file-garden');

    const started = await request(hub.http)
      .post(`/v1/connections/${connectionId}/google-drive/backfill`)
      .set('Cookie', cookie)
      .expect(202);
    expect(started.body.backfills).toEqual([
      { folderId: FOLDER, status: 'running', seen: 0, tagged: 0, unchanged: 0, failed: 0 },
    ]);
    let status: Record<string, unknown> = {};
    await waitFor(async () => {
      status = (
        await request(hub.http).get(`/v1/connections/${connectionId}/google-drive`).set('Cookie', cookie).expect(200)
      ).body;
      return (status.backfills as Array<{ status: string }>)[0].status === 'done';
    }, 'the backfill to finish');

    expect(query.q).toBe(`'${FOLDER}' in parents and mimeType contains 'image/' and trashed = false`);
    gardenImageId = (update.body!.appProperties as Record<string, string>).tagphotoImageId;
    expect(status.backfills).toEqual([
      { folderId: FOLDER, status: 'done', seen: 2, tagged: 1, unchanged: 1, failed: 0 },
    ]);
    expect(update.body).not.toHaveProperty('description');
    expect(update.body!.appProperties).toMatchObject({
      tagphotoImageId: expect.any(String),
      tagphotoTags: expect.any(String),
    });
  });

  it("writes a person's edit of the alt text and tags in the hub to the file's description and appProperties", async () => {
    const earlier = (await request(hub.http).get(`/v1/images/${robinImageId}`).set('Cookie', cookie).expect(200)).body;
    const update = serveEditedFile('file-robin', {
      description: robinDescription,
      appProperties: { tagphotoDescription: descriptionFingerprint(robinDescription) },
    });
    await request(hub.http)
      .patch(`/v1/images/${robinImageId}`)
      .set('Cookie', cookie)
      .send({ altText: 'A robin singing on a fence post', tags: ['robin', 'bird', 'fence'] })
      .expect(200);
    await waitFor(() => update.body !== undefined, 'files.update with the edit');
    const description = 'A robin singing on a fence post\n\nTags: robin, bird, fence';
    expect(update.body).toEqual({
      description,
      appProperties: {
        tagphotoImageId: robinImageId,
        tagphotoTags: 'robin,bird,fence',
        tagphotoDescription: descriptionFingerprint(description),
      },
    });
    expect(earlier.result.altText).not.toBe('A robin singing on a fence post');
  });

  it('leaves a description a person wrote in Drive alone when publishing an edit, and still writes the tags', async () => {
    const update = serveEditedFile('file-garden', {
      description: 'Grandma in her garden, 1998',
      appProperties: { tagphotoImageId: gardenImageId },
    });
    await request(hub.http)
      .patch(`/v1/images/${gardenImageId}`)
      .set('Cookie', cookie)
      .send({ tags: ['garden', 'grandmother'] })
      .expect(200);
    await waitFor(() => update.body !== undefined, 'files.update with the edited tags');
    expect(update.body).toEqual({
      appProperties: { tagphotoImageId: gardenImageId, tagphotoTags: 'garden,grandmother' },
    });
  });

  it('loses nothing across a restart: the next notification reads from the stored page token', async () => {
    await hub.close({ keepData: true });
    hub = await startTestHub({ mode: 'server', clock, env: GOOGLE_ENV, restartOf: hub });

    const update = serveNewImage('file-after-restart', robin, '102', '103', 'ya29.second-access');
    await notify(channel).expect(204);
    await waitFor(() => update.body !== undefined, 'files.update after the restart');
    expect(update.body!.description).toEqual(expect.stringContaining('Tags: '));
    const ownerId = (await connections().findById(connectionId))!.ownerId;
    await waitFor(
      async () =>
        ((await connections().getCursor(ownerId, connectionId, 'drive-changes'))?.position as { pageToken?: string })
          .pageToken === '103',
      'the page token to move on',
    );
    expect(await connections().getItem(ownerId, connectionId, 'file-robin')).toMatchObject({
      contentHash: 'md5-file-robin',
    });
  });
});

describe('Google Drive on a hub without Google credentials', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ mode: 'embedded' });
  });
  afterAll(() => hub.close());

  it('refuses to connect with an error that names the settings to set', async () => {
    const { cookie } = await newAccount(hub);
    const response = await request(hub.http).get('/connect/google-drive').set('Cookie', cookie).expect(503);
    expect(response.body.error.code).toBe('google_drive_not_configured');
    expect(response.body.error.message).toContain('GOOGLE_CLIENT_ID');
  });

  it('answers notifications for channels it never opened with 401', async () => {
    await request(hub.http)
      .post('/webhooks/google-drive')
      .set({
        'X-Goog-Channel-ID': '00000000-0000-4000-8000-000000000000_0011223344556677',
        'X-Goog-Channel-Token': 'guess',
        'X-Goog-Resource-State': 'change',
      })
      .expect(401);
  });
});
