import { SlackSettings, slackSettingsSchema } from '@tagphoto/contracts';
import { type HubConfig, unsetSettings } from '../../config/config.schema';
import { SlackNotConfiguredError } from './slack.errors';

export const SLACK_PROVIDER = 'slack';
export const TAG_COMMAND = '/tag';
export const TAG_SHORTCUT_CALLBACK_ID = 'tag_this_image';
/**
 * The narrowest bot scopes: `commands` for /tag and the shortcut; `files:read` to download an image shared in
 * Slack; `channels:history` / `groups:history` only so `/tag` without a URL can find the latest image in a
 * public / private channel; `chat:write` only to reply in the image's thread when the workspace chose that
 * (answers to the asker go through response_url, which needs no scope).
 */
export const SLACK_BOT_SCOPES = ['commands', 'files:read', 'channels:history', 'groups:history', 'chat:write'];

/** The scope a reply in a thread (chat.postMessage) needs; installs from before it was asked for lack it. */
export const THREAD_REPLY_SCOPE = 'chat:write';

/**
 * A Slack connection's settings among what else it stores (team name, installer), with the defaults for a
 * workspace whose owner never chose: each setting falls back on its own, so one bad value does not reset the other.
 */
export function readSlackSettings(stored: Record<string, unknown>): SlackSettings {
  const language = slackSettingsSchema.shape.language.safeParse(stored.language);
  const postInThread = slackSettingsSchema.shape.postInThread.safeParse(stored.postInThread);
  return slackSettingsSchema.parse({
    language: language.success ? language.data : undefined,
    postInThread: postInThread.success ? postInThread.data : undefined,
  });
}

export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

/** The settings "Add to Slack" needs. */
const SLACK_INSTALL_SETTINGS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** The install settings, or a clear 503 naming what is missing. */
export function slackOAuthSettings(config: HubConfig): SlackOAuthSettings {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = config;
  if (!clientId || !clientSecret || !stateSecret)
    throw new SlackNotConfiguredError(unsetSettings(config, SLACK_INSTALL_SETTINGS));
  return { clientId, clientSecret, stateSecret };
}

/**
 * Every variable the Slack connector still needs, by name: the install's three and the signing secret without which
 * no request from Slack is accepted.
 */
export function missingSlackSettings(config: HubConfig): string[] {
  return unsetSettings(config, [...SLACK_INSTALL_SETTINGS, 'SLACK_SIGNING_SECRET']);
}

export function slackSigningSecret(config: HubConfig): string {
  if (!config.SLACK_SIGNING_SECRET) throw new SlackNotConfiguredError(['SLACK_SIGNING_SECRET']);
  return config.SLACK_SIGNING_SECRET;
}
