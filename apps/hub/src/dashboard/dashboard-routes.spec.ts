import { isDashboardPath } from './dashboard-routes';

describe('which paths the hub answers with the dashboard', () => {
  it.each([
    '/',
    '/sign-in',
    '/sign-up',
    '/images',
    '/connections',
    '/api-keys',
    '/webhooks',
    '/privacy',
    '/audit',
    '/privacy/',
  ])('serves the dashboard at %s', (path) => expect(isDashboardPath(path)).toBe(true));

  it('serves the dashboard for one image page', () => {
    expect(isDashboardPath('/images/4b7e1a52-5d0e-4c4f-9a51-0c2a3f1d7e11')).toBe(true);
  });

  it.each([
    '/v1/images',
    '/v1/auth/me',
    '/docs',
    '/docs-json',
    '/health',
    '/connect/shopify',
    '/webhooks/shopify',
    '/webhooks/shopify/orders',
    '/connections/slack',
    '/images/a/b',
    '/favicon.ico',
    '/assets/index.js',
  ])('never swallows %s', (path) => expect(isDashboardPath(path)).toBe(false));
});
