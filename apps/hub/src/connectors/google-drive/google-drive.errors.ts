import { HubError } from '../../common/errors';

export class GoogleDriveNotConfiguredError extends HubError {
  constructor() {
    super(
      503,
      'google_drive_not_configured',
      'Google Drive is not set up on this hub: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URL and GOOGLE_DRIVE_WEBHOOK_URL.',
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
