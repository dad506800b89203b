import { HubError, NotConfiguredError } from '../../common/errors';

export class SlackNotConfiguredError extends NotConfiguredError {
  constructor(missing: string[]) {
    super(
      'slack_not_configured',
      'Slack',
      missing,
      `The Slack connector is off: set ${missing.join(', ')} (from the Slack app's Basic Information page).`,
    );
  }
}

/** Something about the image a Slack user asked for: said back to them in Slack, never retried. */
export class SlackImageError extends HubError {
  constructor(message: string) {
    super(422, 'slack_image_unavailable', message);
  }
}

export class SlackInstallError extends HubError {
  constructor(message: string) {
    super(400, 'slack_install_failed', message);
  }
}

/** Slack settings asked of a connection of another service. */
export class NotSlackConnectionError extends HubError {
  constructor(provider: string) {
    super(
      422,
      'not_a_slack_connection',
      `This connection is to ${provider}, not Slack: Slack settings apply only to a connected Slack workspace.`,
    );
  }
}
