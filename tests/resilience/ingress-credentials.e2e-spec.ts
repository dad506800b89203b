import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SHOPIFY_ENV, webhookHeaders } from '../shopify/fake-shop';
import { SLACK, SLACK_ENV, slackHeaders, slashCommand } from '../slack/slack-fixtures';
import { ManualClock, newAccount, startTestHub, TestHub } from '../support/hub';

const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: '1234567890-tagphoto.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-ingress-test',
  GOOGLE_REDIRECT_URL: 'https://hub.example.com/connect/google-drive/callback',
  GOOGLE_DRIVE_WEBHOOK_URL: 'https://hub.example.com/webhooks/google-drive',
};
const DAY_MS = 24 * 3600 * 1000;
const now = () => Math.floor(Date.now() / 1000);

type Case = {
  ingress: string;
  credential: 'missing' | 'wrong' | 'malformed' | 'revoked' | 'replayed' | 'expired' | 'tampered';
  send: (hub: TestHub) => Promise<request.Response>;
  status: number;
};

/**
 * Every way into the hub, with missing, wrong, replayed and expired credentials. The receivers of what the hub
 * sends out verify it themselves: the WordPress plugin's PHP verifier (apps/wordpress-plugin/test) and svix for
 * webhook endpoints (tests/webhooks) have their own forged, stale and wrong-secret cases.
 */
describe('every ingress refuses bad credentials', () => {
  let hub: TestHub;
  let account: Awaited<ReturnType<typeof newAccount>>;
  const clock = new ManualClock();
  let expiredCookie: string;
  let revokedKey: string;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server', clock, env: { ...SHOPIFY_ENV, ...SLACK_ENV, ...GOOGLE_ENV } });
    account = await newAccount(hub);
    const stale = await newAccount(hub);
    expiredCookie = stale.cookie;
    const revoked = await newAccount(hub);
    await request(hub.http).delete(`/v1/api-keys/${revoked.apiKeyId}`).set('Cookie', revoked.cookie).expect(204);
    revokedKey = revoked.apiKey;
  });
  afterAll(() => hub.close());

  const shopifyBody = JSON.stringify({ id: 788032119674292900, title: 'Example T-Shirt', images: [] });
  const slackBody = () =>
    slashCommand('https://example.org/cat.jpg', `https://hooks.slack.com/commands/${SLACK.teamId}/1/x`);
  const form = 'application/x-www-form-urlencoded';

  const cases: Case[] = [
    { ingress: 'API key', credential: 'missing', status: 401, send: (h) => request(h.http).get('/v1/images') },
    {
      ingress: 'API key',
      credential: 'wrong',
      status: 401,
      send: (h) =>
        request(h.http)
          .get('/v1/images')
          .set('Authorization', `Bearer tpk_${randomBytes(32).toString('base64url')}`),
    },
    {
      ingress: 'API key',
      credential: 'malformed',
      status: 401,
      send: (h) => request(h.http).get('/v1/images').set('Authorization', 'Bearer not-a-tagphoto-key'),
    },
    // API keys do not expire; they are revoked, and a revoked key is refused.
    {
      ingress: 'API key',
      credential: 'revoked',
      status: 401,
      send: (h) => request(h.http).get('/v1/images').set('Authorization', `Bearer ${revokedKey}`),
    },
    { ingress: 'session', credential: 'missing', status: 401, send: (h) => request(h.http).get('/v1/api-keys') },
    {
      ingress: 'session',
      credential: 'wrong',
      status: 401,
      send: (h) =>
        request(h.http)
          .get('/v1/api-keys')
          .set('Cookie', `tagphoto_session=tps_${randomBytes(32).toString('base64url')}`),
    },
    {
      ingress: 'session',
      credential: 'replayed',
      status: 401,
      send: async (h) => {
        const other = await newAccount(h);
        await request(h.http).post('/v1/auth/logout').set('Cookie', other.cookie).expect(204);
        return request(h.http).get('/v1/api-keys').set('Cookie', other.cookie);
      },
    },
    {
      ingress: 'session',
      credential: 'expired',
      status: 401,
      send: async (h) => {
        clock.advance(31 * DAY_MS);
        try {
          return await request(h.http).get('/v1/api-keys').set('Cookie', expiredCookie);
        } finally {
          clock.advance(-31 * DAY_MS);
        }
      },
    },
    {
      ingress: 'Shopify webhook',
      credential: 'missing',
      status: 401,
      send: (h) =>
        request(h.http)
          .post('/webhooks/shopify')
          .set({
            'Content-Type': 'application/json',
            'X-Shopify-Topic': 'products/create',
            'X-Shopify-Shop-Domain': 'shop.myshopify.com',
          })
          .send(shopifyBody),
    },
    {
      ingress: 'Shopify webhook',
      credential: 'wrong',
      status: 401,
      send: (h) =>
        request(h.http)
          .post('/webhooks/shopify')
          .set(webhookHeaders('shop.myshopify.com', 'products/create', shopifyBody, 'evt-1', 'not-the-app-secret'))
          .send(shopifyBody),
    },
    {
      ingress: 'Shopify webhook',
      credential: 'tampered',
      status: 401,
      // A genuine signature replayed over a changed body.
      send: (h) =>
        request(h.http)
          .post('/webhooks/shopify')
          .set(webhookHeaders('shop.myshopify.com', 'products/create', shopifyBody, 'evt-2'))
          .send(shopifyBody.replace('T-Shirt', 'Hoodie')),
    },
    {
      ingress: 'Slack request',
      credential: 'missing',
      status: 401,
      send: (h) => request(h.http).post('/slack/commands').set('content-type', form).send(slackBody()),
    },
    {
      ingress: 'Slack request',
      credential: 'wrong',
      status: 401,
      send: (h) => {
        const body = slackBody();
        return request(h.http)
          .post('/slack/commands')
          .set(slackHeaders(body, form, now(), 'not-the-signing-secret'))
          .send(body);
      },
    },
    {
      ingress: 'Slack request',
      credential: 'replayed',
      status: 401,
      send: (h) => {
        const body = slackBody();
        return request(h.http)
          .post('/slack/commands')
          .set(slackHeaders(body, form, now() - 6 * 60))
          .send(body);
      },
    },
    {
      ingress: 'Slack request',
      credential: 'tampered',
      status: 401,
      send: (h) => {
        const body = slackBody();
        return request(h.http)
          .post('/slack/commands')
          .set(slackHeaders(body, form))
          .send(body.replace('cat.jpg', 'dog.jpg'));
      },
    },
    {
      ingress: 'Drive notification',
      credential: 'missing',
      status: 401,
      send: (h) => request(h.http).post('/webhooks/google-drive'),
    },
    {
      ingress: 'Drive notification',
      credential: 'wrong',
      status: 401,
      send: (h) =>
        request(h.http)
          .post('/webhooks/google-drive')
          .set({
            'X-Goog-Channel-ID': `${randomBytes(8).toString('hex')}`,
            'X-Goog-Channel-Token': 'forged',
            'X-Goog-Resource-State': 'change',
            'X-Goog-Message-Number': '2',
          }),
    },
  ];

  it.each(cases.map((c) => [c.ingress, c.credential, c] as const))(
    '%s with a %s credential is refused',
    async (_, __, c) => {
      const response = await c.send(hub);
      expect(response.status).toBe(c.status);
    },
  );

  it('still serves the same owner with good credentials afterwards', async () => {
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`).expect(200);
    await request(hub.http).get('/v1/api-keys').set('Cookie', account.cookie).expect(200);
  });
});
