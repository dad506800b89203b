import nock from 'nock';

/** Google's hosts as the googleapis client calls them; everything else but the local hub is refused. */
export const DRIVE = 'https://www.googleapis.com';
export const OAUTH = 'https://oauth2.googleapis.com';

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
