// Apart from slack-fixtures.ts: loading nock patches http, which suites that only sign requests must not get.
import nock from 'nock';
import request from 'supertest';
import { SLACK_BOT_SCOPES } from '../../apps/hub/src/connectors/slack/slack.settings';
import type { TestHub } from '../support/hub';
import { SLACK } from './slack-fixtures';

/**
 * "Add to Slack" from the owner's dashboard session, through oauth.v2.access and auth.test as Slack documents them;
 * `scope` is what Slack says the bot was granted (an older install lacks chat:write). Returns the connection's id.
 */
export async function installSlack(
  hub: TestHub,
  owner: { cookie: string },
  scope: string = SLACK_BOT_SCOPES.join(','),
): Promise<string> {
  const begin = await request(hub.http).get('/connect/slack').set('Cookie', owner.cookie).expect(302);
  const authorize = new URL(begin.headers.location);
  const state = authorize.searchParams.get('state')!;
  const stateCookie = (begin.headers['set-cookie'] as unknown as string[])
    .find((cookie) => cookie.startsWith('slack-app-oauth-state='))!
    .split(';')[0];
  nock('https://slack.com')
    .post(
      '/api/oauth.v2.access',
      (body: string | Record<string, string>) =>
        new URLSearchParams(body as Record<string, string>).get('code') === 'a-grant-code' ||
        String(body).includes('code=a-grant-code'),
    )
    .reply(200, {
      ok: true,
      access_token: SLACK.botToken,
      token_type: 'bot',
      scope,
      bot_user_id: SLACK.botUserId,
      app_id: SLACK.appId,
      team: { name: 'Slack Softball Team', id: SLACK.teamId },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: SLACK.userId },
    });
  nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
    .post('/api/auth.test')
    .reply(200, {
      ok: true,
      url: 'https://slacksoftball.slack.com/',
      team: 'Slack Softball Team',
      user: 'tagphoto',
      team_id: SLACK.teamId,
      user_id: SLACK.botUserId,
      bot_id: SLACK.botId,
      is_enterprise_install: false,
    });
  const callback = await request(hub.http)
    .get(`/connect/slack/callback?code=a-grant-code&state=${encodeURIComponent(state)}`)
    .set('Cookie', `${owner.cookie}; ${stateCookie}`);
  expect(callback.status).toBe(302);
  expect(callback.headers.location).toBe('/?connected=slack');
  const connections = await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200);
  return (connections.body as Array<{ id: string; provider: string }>).find(
    (connection) => connection.provider === 'slack',
  )!.id;
}
