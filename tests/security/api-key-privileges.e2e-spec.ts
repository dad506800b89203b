import { Account, call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Issue 15, finding 7: the Shopify backfill routes accepted API keys. An API key now drives only the routes that
 * say so (the image API and "who am I"); every other /v1 route, and any route added later, is for dashboard
 * sessions only.
 */
const API_KEY_ROUTES = [
  'post /v1/images',
  'get /v1/images',
  'get /v1/images/{id}',
  'patch /v1/images/{id}',
  'delete /v1/images/{id}',
  'get /v1/images/{id}/file',
  'post /v1/images/{id}/retag',
  'get /v1/images/{id}/history',
  'get /v1/images/export.csv',
  'post /v1/images/import.csv',
  'post /v1/images/bulk',
  'get /v1/auth/me',
  // The review queue is part of the image API: a script approves or corrects what the engine was unsure of.
  'get /v1/review',
  'post /v1/review/approve',
  'post /v1/review/reject',
  'post /v1/review/edit',
  'post /v1/review/{id}/approve',
  'post /v1/review/{id}/reject',
  'post /v1/review/{id}/edit',
  // A connected WordPress site disconnects itself with the key it was given, and no other.
  'delete /v1/wordpress/site',
];
/** Sign-up, login and logout take no credentials at all; a WordPress site's code exchange proves itself with its PKCE verifier. */
const PUBLIC_ROUTES = [
  'post /v1/auth/signup',
  'post /v1/auth/login',
  'post /v1/auth/logout',
  'post /v1/wordpress/token',
];
const SOME_ID = '7a1c3a1e-8a9b-4a3a-9a2b-1c2d3e4f5a6b';

describe('what an API key may drive', () => {
  let hub: SecurityHub;
  let account: Account;
  let routes: string[];

  beforeAll(async () => {
    hub = await startSecurityHub();
    account = await hub.newAccount();
    const document = (await call(`${hub.url}/docs-json`)).body as unknown as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .filter((route) => route.split(' ')[1].startsWith('/v1/'));
  });
  afterAll(() => hub.close());

  it('refuses an API key on every /v1 route but the image API and "who am I", the Shopify backfill included', async () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        'get /v1/connections/{id}/shopify/backfill',
        'post /v1/connections/{id}/shopify/backfill',
        ...API_KEY_ROUTES,
      ]),
    );
    const answers: Record<string, string> = {};
    for (const route of routes.filter((candidate) => !PUBLIC_ROUTES.includes(candidate))) {
      const [method, template] = route.split(' ') as [string, string];
      const response = await call(`${hub.url}${template.replace('{id}', SOME_ID)}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
        ...(method !== 'get' && method !== 'delete' && { body: '{}' }),
      });
      answers[route] = response.body.error?.code === 'session_required' ? 'session only' : 'api key';
    }
    expect(answers).toEqual(
      Object.fromEntries(
        Object.keys(answers).map((route) => [route, API_KEY_ROUTES.includes(route) ? 'api key' : 'session only']),
      ),
    );
  });

  it('lets the dashboard session start and read a Shopify backfill as before', async () => {
    const backfill = await call(`${hub.url}/v1/connections/${SOME_ID}/shopify/backfill`, {
      headers: { cookie: account.cookie },
    });
    expect(backfill.status).toBe(404);
  });
});
