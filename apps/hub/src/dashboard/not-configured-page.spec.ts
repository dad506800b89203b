import { notConfiguredPage } from './not-configured-page';

describe('notConfiguredPage', () => {
  it('names the settings to set, as a person reads a list, and leads back to Connections', () => {
    const page = notConfiguredPage('Shopify', ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL']);
    expect(page).toContain('<h1>Shopify is not set up on this hub</h1>');
    expect(page).toContain(
      'set <code>SHOPIFY_API_KEY</code>, <code>SHOPIFY_API_SECRET</code> and <code>SHOPIFY_APP_URL</code> in the hub’s environment and restart it',
    );
    expect(page).toContain('<a href="/connections">Back to Connections</a>');
  });

  it('speaks the language it is asked for, its list included', () => {
    const page = notConfiguredPage('Shopify', ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL'], 'es');
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Shopify no está configurado en este hub</h1>');
    expect(page).toContain(
      'definir <code>SHOPIFY_API_KEY</code>, <code>SHOPIFY_API_SECRET</code> y <code>SHOPIFY_APP_URL</code> en el entorno del hub',
    );
    expect(page).toContain('<a href="/connections">Volver a Conexiones</a>');
  });

  it('escapes what it is given and carries no script', () => {
    const page = notConfiguredPage('<b>Evil</b>', ['A<script>']);
    expect(page).not.toContain('<b>');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;b&gt;Evil&lt;/b&gt;');
  });
});
