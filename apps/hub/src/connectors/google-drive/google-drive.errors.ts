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
