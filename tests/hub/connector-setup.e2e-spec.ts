import request from 'supertest';
import { newAccount, startTestHub, TestHub } from '../support/hub';

const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: '1234567890-tagphoto.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-setup-secret-value',
  GOOGLE_REDIRECT_URL: 'https://hub.example.com/connect/google-drive/callback',
  GOOGLE_DRIVE_WEBHOOK_URL: 'https://hub.example.com/webhooks/google-drive',
};
const SHOPIFY_ENV = {
  SHOPIFY_API_KEY: 'shopify-client-id-value',
  SHOPIFY_API_SECRET: 'shpss_setup-secret-value',
  SHOPIFY_APP_URL: 'https://hub.example.com',
};
/** Half a Slack app: the client id and signing secret, not the client secret or the state secret. */
const HALF_SLACK_ENV = { SLACK_CLIENT_ID: '123.456', SLACK_SIGNING_SECRET: 'slack-signing-secret-value' };

const UNCONFIGURED = [
  {
    provider: 'google-drive',
    name: 'Google Drive',
    configured: false,
    missingSettings: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REDIRECT_URL', 'GOOGLE_DRIVE_WEBHOOK_URL'],
    connectPath: '/connect/google-drive',
  },
  {
    provider: 'shopify',
    name: 'Shopify',
    configured: false,
    missingSettings: ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL'],
    connectPath: '/connect/shopify',
  },
  {
    provider: 'slack',
    name: 'Slack',
    configured: false,
    missingSettings: ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'],
    connectPath: '/connect/slack',
  },
];

describe('GET /v1/connectors: which connectors the operator has set up', () => {
  describe('on a hub with no connector settings', () => {
    let hub: TestHub;
    let cookie: string;
    beforeAll(async () => {
      hub = await startTestHub({ mode: 'embedded' });
      cookie = (await newAccount(hub)).cookie;
    });
    afterAll(() => hub.close());

    it('lists every OAuth connector as not configured, naming the variables to set', async () => {
      const response = await request(hub.http).get('/v1/connectors').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual(UNCONFIGURED);
    });

    it('is for signed-in owners only', async () => {
      const response = await request(hub.http).get('/v1/connectors').expect(401);
      expect(response.body.error.code).toBeDefined();
    });

    it.each([
      ['/connect/google-drive', 'Google Drive', 'google_drive_not_configured', 'GOOGLE_DRIVE_WEBHOOK_URL'],
      ['/connect/shopify?shop=my-shop.myshopify.com', 'Shopify', 'shopify_not_configured', 'SHOPIFY_APP_URL'],
      ['/connect/slack', 'Slack', 'slack_not_configured', 'SLACK_STATE_SECRET'],
    ])(
      'a browser going to %s reads why it cannot connect; an API client keeps the JSON error',
      async (path, service, code, setting) => {
        const page = await request(hub.http)
          .get(path)
          .set('Cookie', cookie)
          .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
        expect(page.status).toBe(503);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.headers['content-security-policy']).toBeDefined();
        expect(page.text).toContain(`<h1>${service} is not set up on this hub</h1>`);
        expect(page.text).toContain(`The operator of this hub has not set up ${service}`);
        expect(page.text).toContain(`<code>${setting}</code>`);
        expect(page.text).toContain('href="/connections"');

        const api = await request(hub.http).get(path).set('Cookie', cookie).set('Accept', 'application/json');
        expect(api.status).toBe(503);
        expect(api.body.error).toEqual({ code, message: expect.stringContaining(setting) });
      },
    );

    it('speaks the browser’s language, or the one picked in the dashboard, on that page', async () => {
      const visit = (headers: Record<string, string>) =>
        request(hub.http)
          .get('/connect/slack')
          .set({ Cookie: cookie, Accept: 'text/html', ...headers })
          .expect(503);
      const german = await visit({ 'Accept-Language': 'de-AT,de;q=0.9,en;q=0.5' });
      expect(german.text).toContain('<html lang="de">');
      expect(german.text).toContain('<h1>Slack ist auf diesem Hub nicht eingerichtet</h1>');
      // The settings are listed as German writes a list: "A, B und C".
      expect(german.text).toMatch(
        /<code>SLACK_CLIENT_ID<\/code>, .* und <code>SLACK_[A-Z_]+<\/code> in der Umgebung des Hubs/,
      );

      // The dashboard's pick (its language cookie) wins over the browser's languages.
      const french = await visit({ 'Accept-Language': 'de-AT', Cookie: `${cookie}; tagphoto_language=fr` });
      expect(french.text).toContain('<h1>Slack n’est pas configuré sur ce hub</h1>');
      expect(french.text).toMatch(
        /<code>SLACK_CLIENT_ID<\/code>, .* et <code>SLACK_[A-Z_]+<\/code> dans l’environnement/,
      );

      const unknown = await visit({ 'Accept-Language': 'ja-JP', Cookie: `${cookie}; tagphoto_language=xx` });
      expect(unknown.text).toContain('<h1>Slack is not set up on this hub</h1>');
    });
  });

  describe('on a hub with Google and Shopify set up and half of Slack', () => {
    let hub: TestHub;
    let cookie: string;
    beforeAll(async () => {
      hub = await startTestHub({ mode: 'embedded', env: { ...GOOGLE_ENV, ...SHOPIFY_ENV, ...HALF_SLACK_ENV } });
      cookie = (await newAccount(hub)).cookie;
    });
    afterAll(() => hub.close());

    it('says which are ready and names only what is still missing, never a value', async () => {
      const response = await request(hub.http).get('/v1/connectors').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual([
        { ...UNCONFIGURED[0], configured: true, missingSettings: [] },
        { ...UNCONFIGURED[1], configured: true, missingSettings: [] },
        { ...UNCONFIGURED[2], missingSettings: ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] },
      ]);
      for (const value of Object.values({ ...GOOGLE_ENV, ...SHOPIFY_ENV, ...HALF_SLACK_ENV }))
        if (!value.startsWith('https://')) expect(response.text).not.toContain(value);
    });

    it('sends a browser to Google’s consent screen as before', async () => {
      const begin = await request(hub.http)
        .get('/connect/google-drive')
        .set('Cookie', cookie)
        .set('Accept', 'text/html')
        .expect(302);
      expect(new URL(begin.headers.location).origin).toBe('https://accounts.google.com');
    });
  });
});
