import { HubError, NotConfiguredError } from '../../common/errors';

export class GoogleDriveNotConfiguredError extends NotConfiguredError {
  constructor(missing: readonly string[]) {
    super(
      'google_drive_not_configured',
      'Google Drive',
      missing,
      `Google Drive is not set up on this hub: set ${missing.join(', ')}.`,
    );
  }
}

export class OAuthStateError extends HubError {
  constructor() {
    super(
      400,
      'invalid_oauth_state',
      'This Google sign-in link is expired or was started by someone else: start again from the dashboard.',
    );
  }
}

export class OAuthDeniedError extends HubError {
  constructor(reason: string) {
    super(400, 'oauth_denied', `Google did not grant access (${reason}); nothing was connected.`);
  }
}

export class NotGoogleDriveConnectionError extends HubError {
  constructor() {
    super(404, 'not_found', 'Google Drive connection not found');
  }
}

export class DriveFolderNotFoundError extends HubError {
  constructor(folderId: string) {
    super(
      404,
      'drive_folder_not_found',
      `Google Drive has no folder ${folderId} this account can see (deleted, in the bin, not a folder, or not shared with it).`,
    );
  }
}

/** Drive refused or failed a request the owner's browsing needed; the status Google answered is in the message. */
export class DriveRequestFailedError extends HubError {
  constructor(status: number | undefined, reason: string) {
    super(
      502,
      'drive_request_failed',
      `Google Drive answered ${status ?? 'nothing'} (${reason}); try again, or connect the account again if it persists.`,
    );
  }
}

/** What gaxios raises for an answer from Google that is not 2xx: its status, and Google's JSON error body. */
export interface GoogleApiError {
  status?: number;
  response?: { status?: number; data?: { error?: { message?: string } } };
  message?: string;
}

/** The HTTP status Google answered a failed request with; undefined when no answer came. */
export function googleStatusOf(error: unknown): number | undefined {
  const failure = error as GoogleApiError | null;
  const status = failure?.response?.status ?? failure?.status;
  return typeof status === 'number' ? status : undefined;
}
