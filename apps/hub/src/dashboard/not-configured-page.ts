import escapeHtml from 'escape-html';
import type { Language } from '@tagphoto/contracts';
import { conjunctionList } from './conjunction-list';
import { DASHBOARD_ROUTES } from './dashboard-routes';
import { PAGE_TEXTS } from './page-texts';

/**
 * The page a browser gets when it goes to connect a service the operator has not set up, instead of the API's JSON
 * 503: who has to do what (the settings' names only, never a value), and the way back. Self-contained like the
 * not-found page.
 */
export function notConfiguredPage(
  service: string,
  missingSettings: readonly string[],
  language: Language = 'en',
): string {
  const text = PAGE_TEXTS[language].notConfigured;
  const name = escapeHtml(service);
  const settings = conjunctionList(
    language,
    missingSettings.map((setting) => `<code>${escapeHtml(setting)}</code>`),
  );
  const what = settings ? text.setAndRestart(settings) : text.finishConfiguration;
  return `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${text.title(name)} · TagPhoto</title>
  <link rel="icon" type="image/svg+xml" href="/favicon.svg">
</head>
<body>
  <main>
    <h1>${text.heading(name)}</h1>
    <p>${text.explanation(name, what)}</p>
    <p>${text.askOperator} <a href="${DASHBOARD_ROUTES.connections}">${text.back}</a></p>
  </main>
</body>
</html>
`;
}
