/**
 * The dashboard's client-side routes (apps/hub/dashboard). The hub answers exactly these with the dashboard's
 * index.html, so the fallback never swallows /v1, /docs, /health or a provider's callback.
 */
export const DASHBOARD_ROUTES = {
  gallery: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  images: '/images',
  review: '/review',
  connections: '/connections',
  /** The WordPress plugin's "Connect to TagPhoto" lands here for the owner's approval. */
  connectWordPress: '/connections/wordpress',
  apiKeys: '/api-keys',
  webhooks: '/webhooks',
  privacy: '/privacy',
  audit: '/audit',
} as const;

export type DashboardRoute = (typeof DASHBOARD_ROUTES)[keyof typeof DASHBOARD_ROUTES];

const ROUTES: readonly string[] = Object.values(DASHBOARD_ROUTES);

/** The one route with pages under it: /images/<id>. */
const IMAGE_PAGE = new RegExp(`^${DASHBOARD_ROUTES.images}/[^/]+$`);

/** True for a dashboard route or an image's page. */
export function isDashboardPath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.includes(trimmed) || IMAGE_PAGE.test(trimmed);
}
