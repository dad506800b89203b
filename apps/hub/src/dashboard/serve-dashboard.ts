import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { isDashboardPath } from './dashboard-routes';

/** Where `vite build --config apps/hub/dashboard/vite.config.ts` writes the dashboard (same depth from src/ and dist/). */
export const DASHBOARD_DIST = join(__dirname, '..', '..', 'dashboard', 'dist');

/** Vite's folder for the bundled scripts, styles and images, beside index.html (its `build.assetsDir`). */
const ASSETS = 'assets';

// Everything is bundled and served from the hub itself: no other origin is ever needed.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The headers every HTML page of the hub carries: the dashboard's index.html and the page for unknown addresses. */
export function setPageSecurityHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
}

/** Browsers ask for /favicon.ico on every page without an icon link (the API docs, JSON answers): both get the SVG. */
const FAVICON_PATHS = ['/favicon.svg', '/favicon.ico'];

/**
 * Serves the built dashboard's assets, its icon (Vite copies `apps/hub/dashboard/public` beside index.html), and
 * its index.html for the dashboard's own client-side routes only.
 */
export function serveDashboard(app: NestExpressApplication, dist = DASHBOARD_DIST): void {
  // Only under /assets, where Vite writes every file the page loads: any other request (/health, /v1, /docs) no longer
  // waits for a file lookup on libuv's thread pool, which a burst of large uploads keeps busy decoding and writing.
  app.useStaticAssets(join(dist, ASSETS), {
    prefix: `/${ASSETS}`,
    index: false,
    immutable: true,
    maxAge: '365d',
    fallthrough: true,
  });
  const index = join(dist, 'index.html');
  const favicon = join(dist, 'favicon.svg');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      next();
      return;
    }
    if (FAVICON_PATHS.includes(request.path)) {
      response.sendFile(favicon, { maxAge: '7d' }, (error?: Error) => {
        if (error && !response.headersSent) next();
      });
      return;
    }
    if (!isDashboardPath(request.path)) {
      next();
      return;
    }
    setPageSecurityHeaders(response);
    response.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }, (error?: Error) => {
      if (!error || response.headersSent) return;
      response.removeHeader('Content-Security-Policy');
      response
        .status(503)
        .type('text/plain')
        .send(
          'The dashboard is not built: run `npx vite build --config apps/hub/dashboard/vite.config.ts`. The API is at /v1, its documentation at /docs.',
        );
    });
  });
}
