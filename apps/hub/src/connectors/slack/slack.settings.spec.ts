import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../config/config.schema';
import {
  readSlackSettings,
  SLACK_BOT_SCOPES,
  slackOAuthSettings,
  slackSigningSecret,
  TAG_COMMAND,
  TAG_SHORTCUT_CALLBACK_ID,
} from './slack.settings';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; url: string }>;
    shortcuts: Array<{ callback_id: string; type: string }>;
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

describe('Slack settings', () => {
  it('turns the connector off with a message naming every missing variable', () => {
    const config = loadConfig({ SLACK_CLIENT_ID: '123.456' });
    expect(() => slackOAuthSettings(config)).toThrow(
      expect.objectContaining({
        status: 503,
        code: 'slack_not_configured',
        message: expect.stringContaining('SLACK_CLIENT_SECRET, SLACK_STATE_SECRET'),
      }),
    );
    expect(() => slackSigningSecret(config)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('SLACK_SIGNING_SECRET') }),
    );
  });

  it('reads the install settings when all are set', () => {
    const config = loadConfig({
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'secret',
      SLACK_STATE_SECRET: 'sixteen-characters-at-least',
    });
    expect(slackOAuthSettings(config)).toEqual({
      clientId: '123.456',
      clientSecret: 'secret',
      stateSecret: 'sixteen-characters-at-least',
    });
  });
});

describe('readSlackSettings', () => {
  it('defaults to English answers for the asker only, beside what the install stored', () => {
    expect(readSlackSettings({ teamName: 'Slack Softball Team', installedBy: 'U1' })).toEqual({
      language: 'en',
      postInThread: false,
    });
  });

  it('reads the chosen settings, and falls back on each one alone when it is not valid', () => {
    expect(readSlackSettings({ language: 'nl', postInThread: true })).toEqual({ language: 'nl', postInThread: true });
    expect(readSlackSettings({ language: 'klingon', postInThread: true })).toEqual({
      language: 'en',
      postInThread: true,
    });
    expect(readSlackSettings({ language: 'de', postInThread: 'yes' })).toEqual({ language: 'de', postInThread: false });
  });
});

describe('manifest.yml', () => {
  const manifest = parse(readFileSync(join(__dirname, 'manifest.yml'), 'utf8')) as Manifest;

  it('asks for exactly the scopes the install asks for', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(SLACK_BOT_SCOPES);
  });

  it('declares the command and shortcut the hub listens for: form posts on /slack/commands, events (JSON) on /slack/events', () => {
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([TAG_COMMAND]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: TAG_SHORTCUT_CALLBACK_ID }),
    ]);
    const formUrls = new Set([
      ...manifest.features.slash_commands.map((command) => new URL(command.url).pathname),
      new URL(manifest.settings.interactivity.request_url).pathname,
    ]);
    expect([...formUrls]).toEqual(['/slack/commands']);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
    expect(manifest.oauth_config.redirect_urls.map((url) => new URL(url).pathname)).toEqual([
      '/connect/slack/callback',
    ]);
  });

  it('subscribes to the events that clean up after an uninstall', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_uninstalled', 'tokens_revoked']);
  });
});
