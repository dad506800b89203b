import escapeHtml from 'escape-html';
import { DASHBOARD_ROUTES } from './dashboard-routes';

/** "A, B and C": the settings as a person reads them. */
function listed(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The page a browser gets when it goes to connect a service the operator has not set up, instead of the API's JSON
 * 503: who has to do what (the settings' names only, never a value), and the way back. Self-contained like the
 * not-found page.
 */
export function notConfiguredPage(service: string, missingSettings: readonly string[]): string {
  const settings = listed(missingSettings.map((name) => `<code>${escapeHtml(name)}</code>`));
  const what = settings ? `set ${settings} in the hub’s environment and restart it` : 'finish its configuration';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(service)} is not set up · TagPhoto</title>
  <link rel="icon" type="image/svg+xml" href="/favicon.svg">
</head>
<body>
  <main>
    <h1>${escapeHtml(service)} is not set up on this hub</h1>
    <p>The operator of this hub has not set up ${escapeHtml(service)} yet, so no account can be connected. To turn it on, the operator has to ${what}.</p>
    <p>If that is not you, ask the person who runs this hub. <a href="${DASHBOARD_ROUTES.connections}">Back to Connections</a></p>
  </main>
</body>
</html>
`;
}
