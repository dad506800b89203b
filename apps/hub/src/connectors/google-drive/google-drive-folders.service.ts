import { Injectable } from '@nestjs/common';
import type { DriveFolder, DriveFolderPage } from '@tagphoto/contracts';
import { ConnectionRecord } from '../connection.repository';
import { GoogleDriveClient } from './google-drive.client';
import {
  DriveFolderNotFoundError,
  DriveRequestFailedError,
  GoogleApiError,
  googleStatusOf,
} from './google-drive.errors';
import { FOLDER_MIME_TYPE } from './google-drive.settings';

const FOLDERS_PER_PAGE = 100;

/** Drive's 404 becomes "no such folder"; anything else Google answers (or no answer) becomes a 502 naming it. */
function browsingError(error: unknown, folderId: string): Error {
  const failure = error as GoogleApiError;
  const status = googleStatusOf(error);
  if (status === 404) return new DriveFolderNotFoundError(folderId);
  if (status === undefined) return error instanceof Error ? error : new Error(String(error));
  return new DriveRequestFailedError(status, failure.response?.data?.error?.message ?? failure.message ?? 'no reason');
}

/**
 * The folder picker's view of a connected Drive: the folders inside one folder, by name and a page at a time
 * (files.list, as Drive documents searching for folders), and one folder's name.
 */
@Injectable()
export class GoogleDriveFolders {
  constructor(private readonly client: GoogleDriveClient) {}

  async list(connection: ConnectionRecord, parent: string, pageToken?: string): Promise<DriveFolderPage> {
    const drive = await this.client.forConnection(connection);
    try {
      const page = await drive.files.list({
        // parent is validated as [A-Za-z0-9_-]+ (or `root`), so it cannot break out of the quoted query.
        q: `'${parent}' in parents and mimeType = '${FOLDER_MIME_TYPE}' and trashed = false`,
        orderBy: 'name',
        pageSize: FOLDERS_PER_PAGE,
        pageToken,
        spaces: 'drive',
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        fields: 'nextPageToken,files(id,name,mimeType,parents)',
      });
      const folders = (page.data.files ?? [])
        .filter((file) => file.id && file.mimeType === FOLDER_MIME_TYPE)
        .map((file) => ({ id: file.id!, name: file.name ?? file.id! }));
      return { parent, folders, nextPageToken: page.data.nextPageToken ?? null };
    } catch (error) {
      throw browsingError(error, parent);
    }
  }

  /** A folder's name, under the id it was asked by (`root` stays `root`); a file that is not a folder, or is in the bin, is none. */
  async get(connection: ConnectionRecord, folderId: string): Promise<DriveFolder> {
    const drive = await this.client.forConnection(connection);
    const file = await drive.files
      .get({ fileId: folderId, supportsAllDrives: true, fields: 'id,name,mimeType,trashed' })
      .then((answer) => answer.data)
      .catch((error: unknown) => {
        throw browsingError(error, folderId);
      });
    if (file.mimeType !== FOLDER_MIME_TYPE || file.trashed) throw new DriveFolderNotFoundError(folderId);
    return { id: folderId, name: file.name ?? folderId };
  }
}
