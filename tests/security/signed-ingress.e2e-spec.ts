// nock first: it must patch fetch and http before @shopify/shopify-api captures them.
import nock from 'nock';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { Webhook } from 'svix';
import { shopifySettingsSchema } from '@tagphoto/contracts';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import type { Database } from '../../apps/hub/src/database/database';
import { QUEUE_DRIVER, type QueueDriver } from '../../apps/hub/src/jobs/queue-driver';
import {
  API_KEY,
  API_SECRET,
  API_VERSION,
  FakeShop,
  FakeShopify,
  SHOPIFY_ENV,
  signCallbackQuery,
  webhookHeaders,
} from '../shopify/fake-shop';
import { helpers } from '../shopify/embedded-support';
import { SLACK, SLACK_ENV, slackHeaders, slashCommand } from '../slack/slack-fixtures';
import { newAccount, startTestHub, TestHub } from '../support/hub';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: '1234567890-tagphoto.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-signed-ingress-test',
  GOOGLE_REDIRECT_URL: 'https://hub.example.com/connect/google-drive/callback',
  GOOGLE_DRIVE_WEBHOOK_URL: 'https://hub.example.com/webhooks/google-drive',
};

/** A signature some part of the platform really minted: the exact text it covers and the MAC bytes. */
interface Minted {
  scheme: string;
  text: string;
  mac: Buffer;
}

/** A signed ingress, fed a foreign signature in the place and encoding where it expects its own. */
interface Ingress {
  route: string;
  send(hub: TestHub, minted: Minted, contentType: string): request.Test;
}

const MULTIPART_BOUNDARY = 'tagphoto-replay';
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
];

/** The signed text as the body, or, for multipart, as the one field of a form upload. */
function bodyFor(text: string, contentType: string): string {
  if (!contentType.startsWith('multipart/')) return text;
  return `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${text}\r\n--${MULTIPART_BOUNDARY}--\r\n`;
}

/**
 * Finding 1 of the security review: every signed way into the hub takes one content type, verifies the exact
 * bytes it received, and takes its identity (shop, team, channel) from the signed part. A signature minted by any
 * of the platform's other schemes, replayed with any content type, changes nothing and is answered 4xx.
 */
describe('signed ingress: a signature from another scheme or protocol is never accepted', () => {
  let hub: TestHub;
  let dispatch: jest.SpyInstance;
  const attackerShop = new FakeShop();
  const victimShop = new FakeShop();
  // A shop installed before expiring tokens: its token does not expire (the hub migrates it on first use).
  const victimToken = victimShop.issueNonExpiringToken();
  let victimOwnerId: string;
  let victimShopConnectionId: string;
  let driveChannel: { id: string; token: string };
  let minted: Minted[];

  async function snapshot(): Promise<Record<string, unknown>> {
    const prisma = hub.app.get<Database>(DATABASE).prisma;
    const connections = await prisma.connection.findMany({ orderBy: { id: 'asc' } });
    return {
      connections: connections.map((row) => ({
        id: row.id,
        ownerId: row.ownerId,
        externalAccount: row.externalAccount,
        status: row.status,
        settings: JSON.stringify(row.settings),
        secrets: createHash('sha256')
          .update(row.secrets ?? Buffer.alloc(0))
          .digest('hex'),
      })),
      inboundEvents: await prisma.inboundEvent.findMany({ orderBy: { externalId: 'asc' } }),
      images: await prisma.image.count(),
      auditEvents: await prisma.auditEvent.count(),
    };
  }

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    hub = await startTestHub({ mode: 'server', env: { ...SHOPIFY_ENV, ...SLACK_ENV, ...GOOGLE_ENV } });
    const attacker = await newAccount(hub);
    const victim = await newAccount(hub);
    victimOwnerId = (await request(hub.http).get('/v1/auth/me').set('Cookie', victim.cookie).expect(200)).body
      .id as string;
    const connections = hub.app.get(ConnectionRepository);
    victimShopConnectionId = (
      await connections.upsert(
        victimOwnerId,
        'shopify',
        victimShop.domain,
        { accessToken: victimToken, scope: 'write_products,write_files' },
        shopifySettingsSchema.parse({}),
      )
    ).id;
    await connections.upsert(victimOwnerId, 'slack', SLACK.teamId, {
      botToken: SLACK.botToken,
      botUserId: SLACK.botUserId,
      botId: SLACK.botId,
    });
    const drive = await connections.upsert(
      victimOwnerId,
      'google-drive',
      'victim-drive-user',
      { tokens: { refresh_token: 'victim-refresh-token' } },
      { folders: ['victimFolder'] },
    );
    driveChannel = {
      id: `${drive.id}_${randomBytes(8).toString('hex')}`,
      token: randomBytes(32).toString('base64url'),
    };
    await connections.updateSecrets(victimOwnerId, drive.id, {
      tokens: { refresh_token: 'victim-refresh-token' },
      channel: driveChannel,
    });

    // What an attacker holding only their own shop, their own hub account and public Slack traffic can collect.
    const oauthQuery = new URLSearchParams(
      signCallbackQuery({
        code: 'authorization-code-from-shopify',
        host: Buffer.from(`admin.shopify.com/store/${attackerShop.name}`).toString('base64'),
        shop: attackerShop.domain,
        state: 'attacker-state',
        timestamp: String(Math.floor(Date.now() / 1000)),
      }),
    );
    const oauthHmac = oauthQuery.get('hmac')!;
    oauthQuery.delete('hmac');
    const { token } = await helpers.getJwt(attackerShop.name, API_KEY, API_SECRET);
    const [jwtHeader, jwtPayload, jwtSignature] = token.split('.') as [string, string, string];
    const attackerUninstall = JSON.stringify({
      id: 1,
      name: 'Attacker',
      domain: attackerShop.domain,
      myshopify_domain: attackerShop.domain,
    });
    const victimRedact = JSON.stringify({ shop_id: 2, shop_domain: victimShop.domain });
    const slackTimestamp = String(Math.floor(Date.now() / 1000));
    const slackBody = slashCommand('', `https://hooks.slack.com/commands/${SLACK.teamId}/1/x`);
    const callbackSecret = (
      await request(hub.http).get('/v1/webhooks/callback-secret').set('Cookie', attacker.cookie).expect(200)
    ).body.secret as string;
    const hubBody = JSON.stringify({
      type: 'image.tagged',
      timestamp: new Date().toISOString(),
      data: { shop_domain: victimShop.domain },
    });
    const hubSignature = new Webhook(callbackSecret).sign('msg_attacker', new Date(), hubBody).split(',')[1];
    minted = [
      {
        scheme: 'Shopify OAuth callback query HMAC (hex, as base64)',
        text: oauthQuery.toString(),
        mac: Buffer.from(oauthHmac, 'hex'),
      },
      {
        scheme: 'App Bridge session token (HS256)',
        text: `${jwtHeader}.${jwtPayload}`,
        mac: Buffer.from(jwtSignature, 'base64url'),
      },
      {
        scheme: 'Shopify webhook HMAC of a different body',
        text: victimRedact,
        mac: createHmac('sha256', API_SECRET).update(attackerUninstall).digest(),
      },
      {
        scheme: "Slack's v0 request signature",
        text: `v0:${slackTimestamp}:${slackBody}`,
        mac: createHmac('sha256', SLACK.signingSecret).update(`v0:${slackTimestamp}:${slackBody}`).digest(),
      },
      {
        scheme: "the hub's own callback signature (Standard Webhooks)",
        text: `msg_attacker.${Math.floor(Date.now() / 1000)}.${hubBody}`,
        mac: Buffer.from(hubSignature, 'base64'),
      },
    ];
    dispatch = jest.spyOn(hub.app.get<QueueDriver>(QUEUE_DRIVER), 'dispatch');
  });
  beforeEach(() => dispatch.mockClear());
  afterAll(async () => {
    await hub.close();
    await FakeShopify.closeShared();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const ingresses: Ingress[] = [
    ...['app/uninstalled', 'shop/redact'].map((topic) => ({
      route: `POST /webhooks/shopify (${topic}, the victim shop)`,
      send: (h: TestHub, m: Minted, contentType: string) =>
        request(h.http)
          .post('/webhooks/shopify')
          .set({
            'Content-Type': contentType,
            'X-Shopify-Topic': topic,
            'X-Shopify-Hmac-Sha256': m.mac.toString('base64'),
            'X-Shopify-Shop-Domain': victimShop.domain,
            'X-Shopify-API-Version': API_VERSION,
            'X-Shopify-Webhook-Id': `wh-${randomBytes(6).toString('hex')}`,
            'X-Shopify-Event-Id': `evt-${randomBytes(6).toString('hex')}`,
            'X-Shopify-Triggered-At': new Date().toISOString(),
          })
          .send(bodyFor(m.text, contentType)),
    })),
    ...['/slack/commands', '/slack/events'].map((path) => ({
      route: `POST ${path}`,
      send: (h: TestHub, m: Minted, contentType: string) =>
        request(h.http)
          .post(path)
          .set({
            'Content-Type': contentType,
            'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
            'X-Slack-Signature': `v0=${m.mac.toString('hex')}`,
          })
          .send(bodyFor(m.text, contentType)),
    })),
    {
      route: 'POST /webhooks/google-drive (the victim channel)',
      send: (h, m, contentType) =>
        request(h.http)
          .post('/webhooks/google-drive')
          .set({
            'Content-Type': contentType,
            'X-Goog-Channel-ID': driveChannel.id,
            'X-Goog-Channel-Token': m.mac.toString('base64'),
            'X-Goog-Resource-State': 'change',
            'X-Goog-Message-Number': String(1000 + Math.floor(Math.random() * 1e6)),
          })
          .send(bodyFor(m.text, contentType)),
    },
  ];

  const SCHEMES = [
    'Shopify OAuth callback query HMAC (hex, as base64)',
    'App Bridge session token (HS256)',
    'Shopify webhook HMAC of a different body',
    "Slack's v0 request signature",
    "the hub's own callback signature (Standard Webhooks)",
  ];
  const table = ingresses.flatMap((ingress) =>
    SCHEMES.flatMap((scheme) =>
      CONTENT_TYPES.map((contentType) => [ingress.route, scheme, contentType, ingress] as const),
    ),
  );

  it.each(table)(
    '%s refuses a replayed %s sent as %s, and nothing changes',
    async (_, scheme, contentType, ingress) => {
      const before = await snapshot();
      const response = await ingress.send(
        hub,
        minted.find((m) => m.scheme === scheme)!,
        contentType,
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await snapshot()).toEqual(before);
      expect(dispatch).not.toHaveBeenCalled();
    },
  );

  it("refuses the review's attack: another shop's OAuth query HMAC posted as a form with app/uninstalled, naming the victim shop", async () => {
    const before = await snapshot();
    const oauth = minted[0];
    const response = await ingresses[0].send(hub, oauth, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(415);
    expect(response.body.error).toEqual({
      code: 'unsupported_media_type',
      message: expect.stringContaining('application/json'),
    });
    expect(await snapshot()).toEqual(before);
    const connection = await hub.app.get(ConnectionRepository).get(victimOwnerId, victimShopConnectionId);
    expect(connection).toMatchObject({ status: 'active', externalAccount: victimShop.domain });
    expect(await hub.app.get(ConnectionRepository).secrets(victimOwnerId, victimShopConnectionId)).toMatchObject({
      accessToken: victimToken,
    });
  });

  it("refuses a webhook genuinely signed for one shop but sent under another shop's domain, for every shop-level topic", async () => {
    for (const [topic, payload] of [
      [
        'app/uninstalled',
        { id: 1, name: 'Attacker', domain: attackerShop.domain, myshopify_domain: attackerShop.domain },
      ],
      ['shop/redact', { shop_id: 1, shop_domain: attackerShop.domain }],
      ['customers/redact', { shop_id: 1, shop_domain: attackerShop.domain, customer: { id: 1 } }],
    ] as const) {
      const before = await snapshot();
      const body = JSON.stringify(payload);
      const response = await request(hub.http)
        .post('/webhooks/shopify')
        .set({
          ...webhookHeaders(attackerShop.domain, topic, body, `evt-${randomBytes(6).toString('hex')}`),
          'X-Shopify-Shop-Domain': victimShop.domain,
        })
        .send(body);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('webhook_shop_mismatch');
      expect(await snapshot()).toEqual(before);
    }
  });

  it('acts once on a captured product webhook re-sent under a fresh event id and webhook id', async () => {
    // A product without images: the queued work reads it from the fake shop and finds nothing to tag.
    victimShop.addProducts(1, 2);
    await victimShop.serve();
    const body = JSON.stringify(victimShop.webhookProduct(victimShop.products[0]));
    for (const eventId of ['evt-original', 'evt-replayed-with-new-headers']) {
      await request(hub.http)
        .post('/webhooks/shopify')
        .set(webhookHeaders(victimShop.domain, 'products/create', body, eventId))
        .send(body)
        .expect(200);
    }
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch).toHaveBeenCalledWith(
      'shopify-product',
      expect.objectContaining({ connectionId: victimShopConnectionId, productId: victimShop.products[0].id }),
      expect.any(String),
    );
  });

  it('still acts on a webhook Shopify signed for the shop it names, sent as JSON', async () => {
    const body = JSON.stringify({
      id: 2,
      name: 'Victim',
      domain: victimShop.domain,
      myshopify_domain: victimShop.domain,
    });
    await request(hub.http)
      .post('/webhooks/shopify')
      .set(webhookHeaders(victimShop.domain, 'app/uninstalled', body, 'evt-real-uninstall'))
      .send(body)
      .expect(200);
    expect(await hub.app.get(ConnectionRepository).get(victimOwnerId, victimShopConnectionId)).toMatchObject({
      status: 'uninstalled',
    });
  });

  it('refuses a Drive notification with the right channel token but a body, and Slack requests on the route of the other body type', async () => {
    const before = await snapshot();
    const drive = await request(hub.http)
      .post('/webhooks/google-drive')
      .set({
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Goog-Channel-ID': driveChannel.id,
        'X-Goog-Channel-Token': driveChannel.token,
        'X-Goog-Resource-State': 'change',
        'X-Goog-Message-Number': '7',
      })
      .send('state=change');
    expect(drive.status).toBe(415);
    expect(drive.body.error.code).toBe('unsupported_media_type');
    // Correctly signed by Slack, each on the route that takes the other type.
    const uninstalled = JSON.stringify({
      type: 'event_callback',
      team_id: SLACK.teamId,
      api_app_id: SLACK.appId,
      event: { type: 'app_uninstalled' },
      event_id: 'Ev0WRONGROUTE',
      event_time: 1,
    });
    const event = await request(hub.http)
      .post('/slack/commands')
      .set(slackHeaders(uninstalled, 'application/json'))
      .send(uninstalled);
    expect(event.status).toBe(415);
    const command = slashCommand('', `https://hooks.slack.com/commands/${SLACK.teamId}/1/x`);
    const form = await request(hub.http)
      .post('/slack/events')
      .set(slackHeaders(command, 'application/x-www-form-urlencoded'))
      .send(command);
    expect(form.status).toBe(415);
    expect(form.body.error).toEqual({
      code: 'unsupported_media_type',
      message: expect.stringContaining('application/json'),
    });
    expect(await snapshot()).toEqual(before);
    expect(dispatch).not.toHaveBeenCalled();
  });
});
