import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Slack's own example values from its docs, so payloads look like the ones a workspace sends. */
export const SLACK = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  clientId: '1234567890.0987654321',
  clientSecret: 'slack-client-secret-for-tests',
  stateSecret: 'a-state-secret-of-at-least-16-chars',
  teamId: 'T9TK3CUKW',
  teamDomain: 'slacksoftball',
  appId: 'A0KRD7HC3',
  botToken: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
  botUserId: 'U0KRQLJ9H',
  botId: 'B0KRQLJ9H',
  userId: 'U2147483697',
  channelId: 'C2147483705',
} as const;

export const SLACK_ENV = {
  SLACK_CLIENT_ID: SLACK.clientId,
  SLACK_CLIENT_SECRET: SLACK.clientSecret,
  SLACK_SIGNING_SECRET: SLACK.signingSecret,
  SLACK_STATE_SECRET: SLACK.stateSecret,
};

export const responseUrlPath = (id: string): string => `/commands/${SLACK.teamId}/${id}/1aBcD2eFgH3iJkL4mNoP5qRs`;
export const actionsUrlPath = (id: string): string => `/actions/${SLACK.teamId}/${id}/6tUvW7xYz8AbC9dEf0GhI1jK`;

/** Headers Slack adds to every request: v0 signature over `v0:<timestamp>:<body>`. */
export function slackHeaders(
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret: string = SLACK.signingSecret,
) {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

/** A slash command as Slack posts it (application/x-www-form-urlencoded). */
export function slashCommand(text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: SLACK.teamId,
    team_domain: SLACK.teamDomain,
    channel_id: SLACK.channelId,
    channel_name: 'photos',
    user_id: SLACK.userId,
    user_name: 'steve',
    command: '/tag',
    text,
    api_app_id: SLACK.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

/** An interactivity payload (shortcut or block action): one form field `payload` holding JSON. */
export const interactivity = (payload: object): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function imageFile(id: string, name: string) {
  return {
    id,
    created: 1_764_380_000,
    name,
    title: name,
    mimetype: 'image/jpeg',
    filetype: 'jpg',
    user: SLACK.userId,
    size: 46_021,
    url_private: `https://files.slack.com/files-pri/${SLACK.teamId}-${id}/${name}`,
    url_private_download: `https://files.slack.com/files-pri/${SLACK.teamId}-${id}/download/${name}`,
  };
}

export function messageShortcut(file: ReturnType<typeof imageFile>, responseUrl: string) {
  return {
    type: 'message_action',
    token: 'Nj2rfC2hU8mAfgaJLemZgO7H',
    action_ts: '1764380100.123456',
    team: { id: SLACK.teamId, domain: SLACK.teamDomain },
    user: { id: SLACK.userId, username: 'steve', team_id: SLACK.teamId, name: 'steve' },
    channel: { id: SLACK.channelId, name: 'photos' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'tag_this_image',
    trigger_id: '13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d5536',
    response_url: responseUrl,
    message_ts: '1764380000.000200',
    message: {
      type: 'message',
      user: SLACK.userId,
      ts: '1764380000.000200',
      text: 'our new office cat',
      files: [file],
      upload: false,
    },
  };
}

/** An HTTP server on 127.0.0.1 serving one image, which holds each answer until the test opens the gate. */
export class GatedImageServer {
  private server?: Server;
  private opened!: Promise<void>;
  private open!: () => void;
  requests = 0;

  constructor(private readonly image: Buffer) {
    this.close();
  }

  /** Holds every answer from now on until `release()`. */
  close(): void {
    this.opened = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests++;
      void this.opened.then(() =>
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': this.image.length }).end(this.image),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Resolves with the JSON body of the next POST nock lets through to a response_url. */
export function captured<T>(): { promise: Promise<T>; resolve: (value: T) => void; calls: T[] } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  const calls: T[] = [];
  return {
    promise,
    calls,
    resolve: (value) => {
      calls.push(value);
      resolve(value);
    },
  };
}
