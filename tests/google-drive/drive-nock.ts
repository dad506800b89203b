import nock from 'nock';

/** Google's hosts as the googleapis client calls them; everything else but the local hub is refused. */
export const DRIVE = 'https://www.googleapis.com';
export const OAUTH = 'https://oauth2.googleapis.com';

/** A hub's Google settings for the tests: its addresses are never reached (Google's side is nock). */
export const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: '1234567890-tagphoto.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-test-client-secret',
  GOOGLE_REDIRECT_URL: 'https://hub.example.com/connect/google-drive/callback',
  GOOGLE_DRIVE_WEBHOOK_URL: 'https://hub.example.com/webhooks/google-drive',
  // Far beyond the test: re-syncs happen only when a test asks for one.
  GOOGLE_DRIVE_RESYNC_MS: String(20 * 24 * 60 * 60_000),
};
export const FOLDER = '1AbCdEfGhIjKlMnOpQrStUvWxYz_folder';

export function blockTheInternet(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
}

export interface ChannelRequest {
  id: string;
  type: string;
  address: string;
  token: string;
  expiration: string;
}

/** A file resource as Drive returns it with the connector's `fields`. */
export function driveFile(
  id: string,
  name: string,
  folderId: string,
  md5Checksum: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: 'drive#file',
    id,
    name,
    mimeType: 'image/jpeg',
    parents: [folderId],
    md5Checksum,
    trashed: false,
    ...extra,
  };
}

/** changes.list answering one page: the given file changes and the next start page token. */
export function changesPage(files: Record<string, unknown>[], newStartPageToken: string): Record<string, unknown> {
  return {
    kind: 'drive#changeList',
    newStartPageToken,
    changes: files.map((file) => ({
      kind: 'drive#change',
      changeType: 'file',
      time: '2026-11-29T02:00:00.000Z',
      removed: false,
      fileId: file.id,
      file,
    })),
  };
}

/** The headers Google sends with a changes notification (no body). */
export function notificationHeaders(
  channel: { id: string; token: string; resourceId: string; expiration: number },
  state: string,
  messageNumber: number,
): Record<string, string> {
  return {
    'X-Goog-Channel-ID': channel.id,
    'X-Goog-Channel-Token': channel.token,
    'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
    'X-Goog-Resource-ID': channel.resourceId,
    'X-Goog-Resource-URI': `${DRIVE}/drive/v3/changes?alt=json&pageToken=1`,
    'X-Goog-Resource-State': state,
    'X-Goog-Message-Number': String(messageNumber),
  };
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; pending mocks: ${nock.pendingMocks().join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

/** A folder as files.list returns it with the picker's `fields`. */
export function driveFolder(id: string, name: string, parent: string): Record<string, unknown> {
  return { kind: 'drive#file', id, name, mimeType: FOLDER_MIME_TYPE, parents: [parent] };
}

/** The files.list query the folder picker sends for the folders inside `parent`. */
export const foldersIn = (parent: string): string =>
  `'${parent}' in parents and mimeType = '${FOLDER_MIME_TYPE}' and trashed = false`;

/** Google's JSON error body (https://developers.google.com/drive/api/guides/handle-errors). */
export function googleError(code: number, reason: string, message: string, domain = 'global'): Record<string, unknown> {
  return { error: { code, message, errors: [{ domain, reason, message }] } };
}

/**
 * Google's answers when the owner comes back from the consent screen: the code exchange (its form body is kept in
 * `tokenRequest`) and about.get naming the account.
 */
export function serveConsent(accessToken = 'ya29.first-access'): { tokenRequest: string } {
  const seen = { tokenRequest: '' };
  nock(OAUTH)
    .post('/token', (body) => {
      seen.tokenRequest = new URLSearchParams(body as Record<string, string>).toString();
      return true;
    })
    .reply(200, {
      access_token: accessToken,
      refresh_token: '1//refresh-token',
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/drive',
      token_type: 'Bearer',
    });
  nock(DRIVE)
    .get('/drive/v3/about')
    .query(true)
    .reply(200, {
      user: { kind: 'drive#user', permissionId: '01234567890123456789', emailAddress: 'owner@example.com' },
    });
  return seen;
}

/** Google's answers when a folder is first watched: the start page token, then the changes channel it opens. */
export function serveWatch(startPageToken = '100'): { watched?: ChannelRequest; pageToken?: unknown } {
  const seen: { watched?: ChannelRequest; pageToken?: unknown } = {};
  nock(DRIVE)
    .get('/drive/v3/changes/startPageToken')
    .query(true)
    .reply(200, { kind: 'drive#startPageToken', startPageToken });
  nock(DRIVE)
    .post('/drive/v3/changes/watch')
    .query((query) => {
      seen.pageToken = query.pageToken;
      return true;
    })
    .reply(200, (_uri, body) => {
      seen.watched = body as ChannelRequest;
      return {
        kind: 'api#channel',
        id: seen.watched.id,
        resourceId: 'o3hgv1538sdjfh',
        resourceUri: `${DRIVE}/drive/v3/changes?alt=json&pageToken=${startPageToken}`,
        expiration: seen.watched.expiration,
      };
    });
  return seen;
}

/** Drive's answer to one files.update of a file (sent with `accessToken` when given); its body lands in the result. */
export function captureUpdate(fileId: string, accessToken?: string): { body?: Record<string, unknown> } {
  const update: { body?: Record<string, unknown> } = {};
  nock(DRIVE, accessToken ? { reqheaders: { authorization: `Bearer ${accessToken}` } } : undefined)
    .patch(`/drive/v3/files/${fileId}`)
    .query(true)
    .reply(200, (_uri, body) => {
      update.body = body as Record<string, unknown>;
      return { kind: 'drive#file', id: fileId };
    });
  return update;
}

/**
 * Drive's answers for one new image in FOLDER: the change listed from `pageToken`, its bytes (alt=media, with
 * `accessToken` only) and the update; returns the update's body.
 */
export function serveNewImage(
  fileId: string,
  bytes: Buffer,
  pageToken: string,
  nextToken: string,
  accessToken: string,
): { body?: Record<string, unknown> } {
  nock(DRIVE)
    .get('/drive/v3/changes')
    .query((query) => query.pageToken === pageToken)
    .reply(
      200,
      changesPage([driveFile(fileId, `${fileId}.jpg`, FOLDER, `md5-${fileId}`, { description: '' })], nextToken),
    );
  nock(DRIVE, { reqheaders: { authorization: `Bearer ${accessToken}` } })
    .get(`/drive/v3/files/${fileId}`)
    .query((query) => query.alt === 'media')
    .reply(200, bytes, { 'Content-Type': 'image/jpeg' });
  return captureUpdate(fileId);
}

/** Drive's answers to the publish job of an edit: the file as it stands now, and the update, whose body is returned. */
export function serveEditedFile(
  fileId: string,
  now: { description: string; appProperties: Record<string, string> },
): { body?: Record<string, unknown> } {
  nock(DRIVE)
    .get(`/drive/v3/files/${fileId}`)
    .query((query) => query.alt === undefined)
    .reply(200, { id: fileId, ...now });
  return captureUpdate(fileId);
}
