import nock from 'nock';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { newAccount, TestHub } from '../support/hub';
import {
  actionsUrlPath,
  captured,
  GatedImageServer,
  imageFile,
  interactivity,
  messageShortcut,
  responseUrlPath,
  SLACK,
  slackHeaders,
  slashCommand,
} from './slack-fixtures';
import { installSlack, slackSuite } from './slack-install';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const FORM = 'application/x-www-form-urlencoded';
const HOOKS = 'https://hooks.slack.com';

interface PostedMessage {
  response_type: string;
  replace_original: boolean;
  text: string;
  blocks?: Array<{
    type: string;
    block_id?: string;
    text?: { text: string };
    elements?: Array<Record<string, unknown>>;
  }>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The block_actions payload Slack sends when someone uses a control of an ephemeral answer; `n` keeps each test's
 * message, trigger and response URL (`actionsUrlPath(`${n}001`)`) apart.
 */
function blockAction(n: number, action: Record<string, unknown>): Record<string, unknown> {
  const second = `1764380${n}00`;
  return {
    type: 'block_actions',
    team: { id: SLACK.teamId, domain: SLACK.teamDomain },
    user: { id: SLACK.userId, username: 'steve', team_id: SLACK.teamId },
    api_app_id: SLACK.appId,
    token: 'Nj2rfC2hU8mAfgaJLemZgO7H',
    container: { type: 'message', message_ts: `${second}.000${n}00`, channel_id: SLACK.channelId, is_ephemeral: true },
    trigger_id: `13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d553${n}`,
    channel: { id: SLACK.channelId, name: 'photos' },
    response_url: `${HOOKS}${actionsUrlPath(`${n}001`)}`,
    actions: [{ ...action, action_ts: `1764380${n}01.000000` }],
  };
}

const altTextOf = (message: PostedMessage): string =>
  message.blocks!.find((block) => block.text?.text.startsWith('*Alt text*'))!.text!.text.replace('*Alt text*\n', '');

describe('Slack: /tag, the "Tag this image" shortcut, install and uninstall', () => {
  let hub: TestHub;
  let images: GatedImageServer;
  let imageBase: string;
  let photo: Buffer;
  let owner: Awaited<ReturnType<typeof newAccount>>;
  let ownerId: string;

  /** Slack's two Request URLs: forms (commands, interactivity) to /slack/commands, Events API JSON to /slack/events. */
  const events = (body: string, contentType = FORM, timestamp?: number) =>
    request(hub.http)
      .post(contentType === FORM ? '/slack/commands' : '/slack/events')
      .set(slackHeaders(body, contentType, timestamp))
      .send(body);

  const install = async (): Promise<void> => void (await installSlack(hub, owner));

  const suite = slackSuite();
  beforeAll(async () => {
    ({ hub, images, imageBase, photo, owner } = suite);
    ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie)).body.id as string;
  });

  afterEach(() => {
    images.close();
  });

  it('installs from a signed-in session with the narrowest scopes and keeps the bot token sealed', async () => {
    const begin = await request(hub.http).get('/connect/slack').set('Cookie', owner.cookie).expect(302);
    const authorize = new URL(begin.headers.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(SLACK.clientId);
    expect(authorize.searchParams.get('scope')).toBe('commands,files:read,channels:history,groups:history,chat:write');

    const connections = await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200);
    expect(connections.body).toEqual([
      expect.objectContaining({ provider: 'slack', externalAccount: SLACK.teamId, status: 'active' }),
    ]);
    const row = await hub.app
      .get<Database>(DATABASE)
      .prisma.connection.findFirst({ where: { ownerId, provider: 'slack' } });
    expect(Buffer.from(row!.secrets!).includes(Buffer.from(SLACK.botToken))).toBe(false);
    const opened = await hub.app.get(ConnectionRepository).secrets<{ botToken: string }>(ownerId, row!.id);
    expect(opened!.botToken).toBe(SLACK.botToken);
  });

  it('refuses to start an install without a dashboard session', async () => {
    await request(hub.http).get('/connect/slack').expect(401);
  });

  it("acks a signed /tag <url> before tagging, then posts the real engine's alt text to response_url", async () => {
    const posted = captured<PostedMessage>();
    nock(HOOKS)
      .post(responseUrlPath('1001'), (body: PostedMessage) => (posted.resolve(body), true))
      .reply(200, 'ok');
    const url = `${imageBase}/photos/chelsea.jpg`;

    const ack = await events(slashCommand(url, `${HOOKS}${responseUrlPath('1001')}`)).expect(200);
    expect(ack.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Tagging that image…' });
    // The image server still holds the image: the ack did not wait for the work.
    expect(posted.calls).toHaveLength(0);

    images.release();
    const message = await posted.promise;
    expect(message.response_type).toBe('ephemeral');
    const list = await request(hub.http).get('/v1/images?limit=100').set('Cookie', owner.cookie).expect(200);
    const image = (
      list.body.items as Array<{
        id: string;
        stored: boolean;
        result: { altText: string; tags: Array<{ label: string }> };
      }>
    )[0];
    expect(image.result.altText.length).toBeGreaterThan(0);
    expect(altTextOf(message)).toBe(
      image.result.altText.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
    expect(message.text).toBe(image.result.altText);
    expect(JSON.stringify(message.blocks)).toContain(`\`${image.result.tags[0].label}\``);

    // Nothing of the image remains: no blob, no blob key, only the result.
    expect(image.stored).toBe(false);
    const row = await hub.app.get<Database>(DATABASE).prisma.image.findFirst({ where: { id: image.id } });
    expect(row!.source).toBe('connector');
    expect(row!.blobKey).toBeNull();
    expect(await filesUnder(join(hub.dataDir, 'blobs'))).toEqual([]);
    await request(hub.http).get(`/v1/images/${image.id}/file`).set('Cookie', owner.cookie).expect(410);
  });

  it('tags the image of a message through the shortcut, downloading it with the bot token', async () => {
    const file = imageFile('F0TAGPHOTO1', 'office-cat.jpg');
    const download = nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .get(new URL(file.url_private_download).pathname)
      .reply(200, photo, { 'content-type': 'image/jpeg' });
    const posted = captured<PostedMessage>();
    nock(HOOKS)
      .post(actionsUrlPath('2001'), (body: PostedMessage) => (posted.resolve(body), true))
      .reply(200, 'ok');

    const ack = await events(interactivity(messageShortcut(file, `${HOOKS}${actionsUrlPath('2001')}`))).expect(200);
    expect(ack.text).toBe('');
    const message = await posted.promise;
    expect(download.isDone()).toBe(true);
    expect(altTextOf(message).length).toBeGreaterThan(0);
    const actions = message.blocks!.find((block) => block.type === 'actions')!;
    expect(actions.block_id).toBe('tagphoto:file:F0TAGPHOTO1');
    expect(await filesUnder(join(hub.dataDir, 'blobs'))).toEqual([]);
  });

  it('tags the latest image of the channel for /tag without an argument (conversations.history)', async () => {
    const file = imageFile('F0TAGPHOTO2', 'latest.jpg');
    const history = nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .post('/api/conversations.history', (body: Record<string, string>) => body.channel === SLACK.channelId)
      .reply(200, {
        ok: true,
        messages: [
          { type: 'message', user: SLACK.userId, text: 'no image here', ts: '1764380300.000300' },
          { type: 'message', user: SLACK.userId, text: 'look', ts: '1764380200.000200', files: [file] },
        ],
        has_more: false,
      });
    nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .get(new URL(file.url_private_download).pathname)
      .reply(200, photo, { 'content-type': 'image/jpeg' });
    const posted = captured<PostedMessage>();
    nock(HOOKS)
      .post(responseUrlPath('3001'), (body: PostedMessage) => (posted.resolve(body), true))
      .reply(200, 'ok');

    const ack = await events(slashCommand('', `${HOOKS}${responseUrlPath('3001')}`)).expect(200);
    expect(ack.body.text).toBe('Tagging the latest image in this channel…');
    const message = await posted.promise;
    expect(history.isDone()).toBe(true);
    expect(altTextOf(message).length).toBeGreaterThan(0);
  });

  it('posts the alt text as a plain message when "Copy alt text" is pressed', async () => {
    const posted = captured<PostedMessage>();
    nock(HOOKS)
      .post(actionsUrlPath('4001'), (body: PostedMessage) => (posted.resolve(body), true))
      .reply(200, 'ok');
    const action = blockAction(4, {
      type: 'button',
      action_id: 'tagphoto_copy_alt_text',
      block_id: 'tagphoto:file:F0TAGPHOTO1',
      text: { type: 'plain_text', text: 'Copy alt text' },
      value: 'A cat lying on a blanket',
    });
    await events(interactivity(action)).expect(200);
    expect(await posted.promise).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'A cat lying on a blanket',
    });
  });

  it("re-runs in another language from the answer's menu, replacing the answer", async () => {
    const posted = captured<PostedMessage>();
    nock(HOOKS)
      .post(actionsUrlPath('5001'), (body: PostedMessage) => (posted.resolve(body), true))
      .reply(200, 'ok');
    images.release();
    const url = `${imageBase}/photos/chelsea.jpg`;
    const action = blockAction(5, {
      type: 'static_select',
      action_id: 'tagphoto_retag',
      block_id: `tagphoto:url:${url}`,
      selected_option: { text: { type: 'plain_text', text: 'Deutsch' }, value: 'de' },
    });
    await events(interactivity(action)).expect(200);
    const message = await posted.promise;
    expect(message.replace_original).toBe(true);
    const list = await request(hub.http).get('/v1/images?limit=1').set('Cookie', owner.cookie).expect(200);
    expect(list.body.items[0].result.language).toBe('de');
    expect(message.text).toBe(list.body.items[0].result.altText);
  });

  it('answers 401 to a bad signature and to a stale timestamp, and does nothing', async () => {
    const body = slashCommand(`${imageBase}/photos/chelsea.jpg`, `${HOOKS}${responseUrlPath('6001')}`);
    const fetchedBefore = images.requests;
    const forged = await request(hub.http)
      .post('/slack/commands')
      .set(slackHeaders(body, FORM, undefined, 'not the signing secret'))
      .send(body);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('slack_signature_invalid');
    const stale = await events(body, FORM, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('slack_request_stale');
    const tampered = await request(hub.http)
      .post('/slack/commands')
      .set(slackHeaders(body, FORM))
      .send(body.replace('photos', 'secrets'));
    expect(tampered.status).toBe(401);
    expect(images.requests).toBe(fetchedBefore);
  });

  it("refuses an install callback from another account's session or from a browser that did not start it", async () => {
    const begin = await request(hub.http).get('/connect/slack').set('Cookie', owner.cookie).expect(302);
    const state = new URL(begin.headers.location).searchParams.get('state')!;
    const stateCookie = (begin.headers['set-cookie'] as unknown as string[])
      .find((cookie) => cookie.startsWith('slack-app-oauth-state='))!
      .split(';')[0];
    const stranger = await newAccount(hub);
    const hijacked = await request(hub.http)
      .get(`/connect/slack/callback?code=a-grant-code&state=${encodeURIComponent(state)}`)
      .set('Cookie', `${stranger.cookie}; ${stateCookie}`);
    expect(hijacked.status).toBe(403);
    expect(hijacked.body.error.code).toBe('slack_install_other_account');
    const forwarded = await request(hub.http)
      .get(`/connect/slack/callback?code=a-grant-code&state=${encodeURIComponent(state)}`)
      .set('Cookie', owner.cookie);
    expect(forwarded.status).toBe(400);
    expect(forwarded.body.error.code).toBe('slack_install_failed');
    expect((await request(hub.http).get('/v1/connections').set('Cookie', stranger.cookie)).body).toEqual([]);
  });

  const eventCallback = (eventId: string, event: object) =>
    JSON.stringify({
      token: 'XXYYZZ',
      team_id: SLACK.teamId,
      api_app_id: SLACK.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
    });
  const connectionsOfOwner = async () =>
    (await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200)).body as unknown[];

  it('keeps the connection when only a user token is revoked, and removes it when the bot token is', async () => {
    await events(
      eventCallback('Ev0TAGPHOTO0', { type: 'tokens_revoked', tokens: { oauth: [SLACK.userId], bot: [] } }),
      'application/json',
    ).expect(200);
    expect(await connectionsOfOwner()).toHaveLength(1);
    await events(
      eventCallback('Ev0TAGPHOTO1', { type: 'tokens_revoked', tokens: { oauth: [], bot: [SLACK.botUserId] } }),
      'application/json',
    ).expect(200);
    expect(await connectionsOfOwner()).toEqual([]);
  });

  it('removes the connection when Slack reports the app uninstalled, once per event', async () => {
    await install();
    const uninstalled = eventCallback('Ev0TAGPHOTO2', { type: 'app_uninstalled' });
    await events(uninstalled, 'application/json').expect(200);
    expect(await connectionsOfOwner()).toEqual([]);
    const audit = await request(hub.http).get('/v1/audit-events').set('Cookie', owner.cookie).expect(200);
    expect(JSON.stringify(audit.body)).toContain('connection.removed');

    // Slack re-sends an event it thinks was missed; a fresh install must not be removed by the old one.
    await install();
    await events(uninstalled, 'application/json')
      .set('x-slack-retry-num', '1')
      .set('x-slack-retry-reason', 'http_timeout')
      .expect(200);
    expect(await connectionsOfOwner()).toHaveLength(1);
    await events(eventCallback('Ev0TAGPHOTO3', { type: 'app_uninstalled' }), 'application/json').expect(200);
    expect(await connectionsOfOwner()).toEqual([]);
  });

  it('revokes the bot token at Slack when the owner disconnects from the dashboard', async () => {
    await install();
    const [connection] = (await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200))
      .body as Array<{ id: string }>;
    const revoke = nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .post('/api/auth.revoke')
      .reply(200, { ok: true, revoked: true });
    await request(hub.http).delete(`/v1/connections/${connection.id}`).set('Cookie', owner.cookie).expect(204);
    expect(revoke.isDone()).toBe(true);
    expect((await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie)).body).toEqual([]);
  });
});
