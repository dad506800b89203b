import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The dashboard, built into ./dist and served by the hub (apps/hub/src/dashboard/serve-dashboard.ts). */
export default defineConfig({
  root: here,
  base: '/',
  // Vite 8 compiles TSX itself (Oxc); the automatic runtime matches tsconfig's "jsx": "react-jsx".
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: {
    alias: [
      {
        find: /^@tagphoto\/contracts$/,
        replacement: fileURLToPath(new URL('../../../libs/contracts/src/index.ts', import.meta.url)),
      },
      // Single zod-free files of the contracts (e.g. webhook-event-types), so the bundle carries no validator.
      {
        find: /^@tagphoto\/contracts\/(.*)$/,
        replacement: `${fileURLToPath(new URL('../../../libs/contracts/src/', import.meta.url))}$1.ts`,
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The hub's Content-Security-Policy allows only same-origin scripts: no inline polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
