import escapeHtml from 'escape-html';
import type { Language } from '@tagphoto/contracts';
import { PAGE_TEXTS } from './page-texts';

/**
 * The page a browser gets for an address the hub does not have, instead of the API's JSON error: it says what was
 * not found and leads back to the dashboard and the API documentation. Self-contained (no script, no style), so
 * it needs nothing from the dashboard's build.
 */
export function notFoundPage(path: string, language: Language = 'en'): string {
  const text = PAGE_TEXTS[language].notFound;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${text.title} · TagPhoto</title>
  <link rel="icon" type="image/svg+xml" href="/favicon.svg">
</head>
<body>
  <main>
    <h1>${text.title}</h1>
    <p>${text.noPage(`<code>${escapeHtml(shown)}</code>`)}</p>
    <p><a href="/">${text.goToImages}</a> ${text.orRead} <a href="/docs">${text.apiDocs}</a>.</p>
  </main>
</body>
</html>
`;
}
