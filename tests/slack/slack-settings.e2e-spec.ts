import nock from 'nock';
import request from 'supertest';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { newAccount, TestHub } from '../support/hub';
import { until } from '../support/until';
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
/** What the install asked for before chat:write: an older workspace's grant. */
const SCOPES_WITHOUT_CHAT_WRITE = 'commands,files:read,channels:history,groups:history';

interface Answer {
  response_type: string;
  text: string;
  blocks?: Array<{ type: string; text?: { text: string }; elements?: Array<{ text?: string }> }>;
}

/** chat.postMessage as the WebClient sends it: a form body with the blocks as JSON. */
interface PostMessageBody {
  channel: string;
  thread_ts: string;
  text: string;
  blocks: string;
}

const noteOf = (answer: Answer): string | undefined => {
  const context = answer.blocks?.filter((block) => block.type === 'context') ?? [];
  return context.length > 1 ? context.at(-1)!.elements![0].text : undefined;
};

describe("Slack workspace settings: the results' language and replies in the image's thread", () => {
  let hub: TestHub;
  let images: GatedImageServer;
  let imageBase: string;
  let photo: Buffer;
  let owner: Awaited<ReturnType<typeof newAccount>>;
  let connectionId: string;
  let answerNumber = 100;

  const settingsOf = (id = connectionId, cookie = owner.cookie) =>
    request(hub.http).get(`/v1/connections/${id}/slack`).set('Cookie', cookie);
  const saveSettings = (body: object, id = connectionId, cookie = owner.cookie) =>
    request(hub.http).put(`/v1/connections/${id}/slack`).set('Cookie', cookie).send(body);
  const slackPost = (body: string) =>
    request(hub.http).post('/slack/commands').set(slackHeaders(body, FORM)).send(body).expect(200);
  const latestImage = async () =>
    (await request(hub.http).get('/v1/images?limit=1').set('Cookie', owner.cookie).expect(200)).body.items[0] as {
      result: { language: string; altText: string };
    };

  /** A response_url of its own for each request, and the answer the hub posts to it. */
  function nextAnswer(path: (id: string) => string = responseUrlPath): { url: string; answer: Promise<Answer> } {
    const posted = captured<Answer>();
    const id = String(++answerNumber);
    nock(HOOKS)
      .post(path(id), (body: Answer) => (posted.resolve(body), true))
      .reply(200, 'ok');
    return { url: `${HOOKS}${path(id)}`, answer: posted.promise };
  }

  /** Slack's Web API for chat.postMessage, with the bot token only; answers `reply` and records each call. */
  function chatPostMessage(reply: (body: PostMessageBody) => object): PostMessageBody[] {
    const calls: PostMessageBody[] = [];
    nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .post('/api/chat.postMessage', (body: PostMessageBody) => (calls.push(body), true))
      .reply(200, (_uri, body) => reply(body as PostMessageBody));
    return calls;
  }

  /** Slack's documented success: the posted message, its ts, in the thread asked for. */
  const posted = (body: PostMessageBody) => ({
    ok: true,
    channel: body.channel,
    ts: '1764380999.000900',
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: body.text,
      bot_id: SLACK.botId,
      ts: '1764380999.000900',
      thread_ts: body.thread_ts,
    },
  });

  /** The shortcut on a message with an image, its file served to the bot token; answered at `responseUrl` if given. */
  function shortcutOn(
    fileId: string,
    responseUrl?: string,
  ): { body: string; answer: Promise<Answer>; messageTs: string } {
    const file = imageFile(fileId, `${fileId.toLowerCase()}.jpg`);
    nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .get(new URL(file.url_private_download).pathname)
      .reply(200, photo, { 'content-type': 'image/jpeg' });
    const { url, answer } = responseUrl
      ? { url: responseUrl, answer: new Promise<Answer>(() => undefined) }
      : nextAnswer(actionsUrlPath);
    const shortcut = messageShortcut(file, url);
    return { body: interactivity(shortcut), answer, messageTs: shortcut.message.ts };
  }

  const suite = slackSuite();
  beforeAll(() => {
    ({ hub, images, imageBase, photo, owner, connectionId } = suite);
    images.release();
  });

  it('starts in English for the asker only, and keeps what the install stored when the owner saves', async () => {
    expect((await settingsOf().expect(200)).body).toEqual({
      connectionId,
      workspace: 'Slack Softball Team',
      settings: { language: 'en', postInThread: false },
      canPostInThread: true,
    });
    const saved = await saveSettings({ language: 'de', postInThread: true }).expect(200);
    expect(saved.body.settings).toEqual({ language: 'de', postInThread: true });
    expect((await settingsOf().expect(200)).body.settings).toEqual({ language: 'de', postInThread: true });
    const [connection] = (await request(hub.http).get('/v1/connections').set('Cookie', owner.cookie).expect(200))
      .body as Array<{ settings: Record<string, unknown> }>;
    expect(connection.settings).toMatchObject({
      teamName: 'Slack Softball Team',
      installedBy: SLACK.userId,
      language: 'de',
      postInThread: true,
    });
  });

  it('refuses a language the engine does not write, unknown fields, and a thread option that is not true or false', async () => {
    const language = await saveSettings({ language: 'tlh', postInThread: false }).expect(400);
    expect(language.body.error.code).toBe('invalid_request');
    expect(language.body.error.message).toContain('language');
    const unknown = await saveSettings({ language: 'en', postInThread: false, channel: 'C1' }).expect(400);
    expect(unknown.body.error.message).toContain('channel');
    await saveSettings({ language: 'en', postInThread: 'yes' }).expect(400);
    expect((await settingsOf().expect(200)).body.settings).toEqual({ language: 'de', postInThread: true });
  });

  it("answers 404 for another owner's workspace and a clear 422 for a connection that is not Slack", async () => {
    const stranger = await newAccount(hub);
    await settingsOf(connectionId, stranger.cookie).expect(404);
    await saveSettings({ language: 'fr', postInThread: false }, connectionId, stranger.cookie).expect(404);
    await settingsOf('00000000-0000-4000-8000-000000000000').expect(404);

    const ownerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie)).body.id as string;
    const drive = await hub.app
      .get(ConnectionRepository)
      .upsert(ownerId, 'google-drive', '01234567890123456789', { tokens: {} }, { folders: [] });
    const notSlack = await settingsOf(drive.id).expect(422);
    expect(notSlack.body.error).toEqual({
      code: 'not_a_slack_connection',
      message: expect.stringContaining('google-drive, not Slack'),
    });
    await saveSettings({ language: 'fr', postInThread: true }, drive.id).expect(422);
    expect((await hub.app.get(ConnectionRepository).get(ownerId, drive.id))!.settings).toEqual({ folders: [] });
    await hub.app.get(ConnectionRepository).delete(ownerId, drive.id);
  });

  it("tags in the workspace's language unless /tag names one, and answers only the asker when the thread option is off", async () => {
    await saveSettings({ language: 'de', postInThread: false }).expect(200);
    const threadCalls = chatPostMessage(posted);

    const workspace = nextAnswer();
    await slackPost(slashCommand(`${imageBase}/photos/chelsea.jpg`, workspace.url));
    const inGerman = await workspace.answer;
    const german = await latestImage();
    expect(german.result.language).toBe('de');
    expect(inGerman.text).toBe(german.result.altText);

    const named = nextAnswer();
    await slackPost(slashCommand(`${imageBase}/photos/chelsea.jpg fr`, named.url));
    const inFrench = await named.answer;
    const french = await latestImage();
    expect(french.result.language).toBe('fr');
    expect(inFrench.text).toBe(french.result.altText);

    // The shortcut on a message with an image: with the option off, nothing reaches the channel.
    const shortcut = shortcutOn('F0SETTINGS1');
    await slackPost(shortcut.body);
    const answer = await shortcut.answer;
    expect(answer.response_type).toBe('ephemeral');
    expect(noteOf(answer)).toBeUndefined();
    expect((await latestImage()).result.language).toBe('de');
    expect(threadCalls).toEqual([]);
    nock.cleanAll();
  });

  it("replies in the thread of the shortcut's message with the bot token, in the workspace's language", async () => {
    await saveSettings({ language: 'nl', postInThread: true }).expect(200);
    const threadCalls = chatPostMessage(posted);
    const shortcut = shortcutOn('F0SETTINGS2');
    await slackPost(shortcut.body);
    const answer = await shortcut.answer;

    const image = await latestImage();
    expect(image.result.language).toBe('nl');
    expect(threadCalls).toHaveLength(1);
    const [call] = threadCalls;
    expect(call).toMatchObject({ channel: SLACK.channelId, thread_ts: shortcut.messageTs, text: image.result.altText });
    // The channel gets the result without the asker's buttons.
    const blocks = JSON.parse(call.blocks) as Array<{ type: string }>;
    expect(blocks.map((block) => block.type)).not.toContain('actions');
    expect(answer.text).toBe(image.result.altText);
    expect(noteOf(answer)).toBe('Also posted in the thread, for everyone in the channel.');
  });

  it('replies in the thread of the message /tag found the latest image in (conversations.history)', async () => {
    const file = imageFile('F0SETTINGS3', 'latest.jpg');
    nock('https://slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .post('/api/conversations.history', (body: Record<string, string>) => body.channel === SLACK.channelId)
      .reply(200, {
        ok: true,
        messages: [
          { type: 'message', user: SLACK.userId, text: 'no image here', ts: '1764380700.000700' },
          { type: 'message', user: SLACK.userId, text: 'the new poster', ts: '1764380600.000600', files: [file] },
        ],
        has_more: false,
      });
    nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${SLACK.botToken}` } })
      .get(new URL(file.url_private_download).pathname)
      .reply(200, photo, { 'content-type': 'image/jpeg' });
    const threadCalls = chatPostMessage(posted);
    const { url, answer } = nextAnswer();
    await slackPost(slashCommand('', url));
    expect(noteOf(await answer)).toBe('Also posted in the thread, for everyone in the channel.');
    expect(threadCalls).toEqual([
      expect.objectContaining({ channel: SLACK.channelId, thread_ts: '1764380600.000600' }),
    ]);
  });

  it('still answers the asker, saying why, when Slack refuses the reply (not_in_channel), and never posts for a URL', async () => {
    const refused = chatPostMessage(() => ({ ok: false, error: 'not_in_channel' }));
    const shortcut = shortcutOn('F0SETTINGS4');
    await slackPost(shortcut.body);
    const answer = await shortcut.answer;
    expect(refused).toHaveLength(1);
    expect(answer.text).toBe((await latestImage()).result.altText);
    expect(noteOf(answer)).toBe(
      'Not posted in the thread: invite TagPhoto to this channel first (`/invite @TagPhoto`).',
    );

    const threadCalls = chatPostMessage(posted);
    const { url, answer: urlAnswer } = nextAnswer();
    await slackPost(slashCommand(`${imageBase}/photos/chelsea.jpg`, url));
    expect(noteOf(await urlAnswer)).toBe('An image URL has no thread to reply in: this answer is only for you.');
    expect(threadCalls).toEqual([]);
    nock.cleanAll();
  });

  it("does not tag again, nor post in the thread twice, when the asker's response_url is already gone", async () => {
    const threadCalls = chatPostMessage(posted);
    const answers: unknown[] = [];
    // Slack's answer to a response_url used after its half hour (or five uses).
    nock(HOOKS)
      .post(actionsUrlPath('900'), (body) => (answers.push(body), true))
      .times(5)
      .reply(404, 'expired_url');
    await slackPost(shortcutOn('F0SETTINGS5', `${HOOKS}${actionsUrlPath('900')}`).body);
    await until('the answer to the expired response_url', () => answers.length === 1);
    // Long past the queue's retry delay (TAGPHOTO_JOB_BACKOFF_MS, 200 ms in tests).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(answers).toHaveLength(1);
    expect(threadCalls).toHaveLength(1);
    nock.cleanAll();
  });

  it('says a workspace installed without chat:write cannot post until it is added again, and keeps its settings', async () => {
    await installSlack(hub, owner, SCOPES_WITHOUT_CHAT_WRITE);
    expect((await settingsOf().expect(200)).body).toMatchObject({
      settings: { language: 'nl', postInThread: true },
      canPostInThread: false,
    });
  });
});
