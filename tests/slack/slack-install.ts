// Apart from slack-fixtures.ts: loading nock patches http, which suites that only sign requests must not get.
import nock from 'nock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { SLACK_BOT_SCOPES } from '../../apps/hub/src/connectors/slack/slack.settings';
import { newAccount, PHOTOS, startTestHub, type TestHub } from '../support/hub';
import { GatedImageServer, SLACK, SLACK_ENV } from './slack-fixtures';

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

export interface SlackSuite {
  hub: TestHub;
  /** Serves `photo` at image URLs on 127.0.0.1 (`imageBase`). */
  images: GatedImageServer;
  imageBase: string;
  photo: Buffer;
  owner: Awaited<ReturnType<typeof newAccount>>;
  /** The owner's installed workspace. */
  connectionId: string;
}

/**
 * For the describe block it is called in: a server-mode hub with Slack set up, a loopback image server, and an owner
 * whose workspace is installed; nock lets only loopback connections through. All closed after the block.
 */
export function slackSuite(): SlackSuite {
  const suite = {} as SlackSuite;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    suite.photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
    suite.images = new GatedImageServer(suite.photo);
    suite.imageBase = await suite.images.start();
    suite.hub = await startTestHub({ mode: 'server', env: { ...SLACK_ENV, TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    suite.owner = await newAccount(suite.hub);
    suite.connectionId = await installSlack(suite.hub, suite.owner);
  });
  afterAll(async () => {
    await suite.hub?.close();
    await suite.images?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return suite;
}
