import escapeHtml from 'escape-html';

/**
 * The page a browser gets for an address the hub does not have, instead of the API's JSON error: it says what was
 * not found and leads back to the dashboard and the API documentation. Self-contained (no script, no style), so
 * it needs nothing from the dashboard's build.
 */
export function notFoundPage(path: string): string {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Page not found · TagPhoto</title>
  <link rel="icon" type="image/svg+xml" href="/favicon.svg">
</head>
<body>
  <main>
    <h1>Page not found</h1>
    <p>TagPhoto has no page at <code>${escapeHtml(shown)}</code>.</p>
    <p><a href="/">Go to your images</a> or read the <a href="/docs">API documentation</a>.</p>
  </main>
</body>
</html>
`;
}
