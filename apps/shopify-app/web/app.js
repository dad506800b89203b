// The embedded admin page: every call to the hub carries a fresh App Bridge session token, which the hub verifies.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  let polling = null;

  async function call(method, path, body) {
    const token = await window.shopify.idToken();
    const response = await fetch(path, {
      method,
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((data.error && data.error.message) || 'The hub answered ' + response.status);
    return data;
  }

  function showError(error) {
    $('error').textContent = error ? error.message : '';
    $('error').hidden = !error;
  }

  function render(status) {
    $('connect').hidden = status.connected;
    for (const id of ['status', 'settings', 'catalog']) $(id).hidden = !status.connected;
    if (!status.connected) return;
    $('shop-name').textContent = status.shop;
    const s = status.settings;
    $('language').value = s.language;
    $('field-alt').checked = s.fields.altText;
    $('field-tags').checked = s.fields.productTags;
    $('field-suggestions').checked = s.fields.suggestions;
    $('overwrite').value = s.overwrite;
    $('vocabulary').value = s.vocabulary.join(', ');
    $('prefix').value = s.tagPrefix;
    renderBackfill(status.backfill);
  }

  function renderBackfill(backfill) {
    const running = backfill.status === 'running';
    $('backfill').disabled = running;
    $('progress-box').hidden = backfill.status === 'idle';
    $('progress').max = backfill.total || Math.max(backfill.processed, 1);
    $('progress').value = backfill.processed;
    const of = backfill.total === null ? '' : ' of ' + backfill.total;
    const state = running ? 'Tagging…' : backfill.status === 'done' ? 'Done.' : '';
    $('progress-text').textContent = state + ' ' + backfill.processed + of + ' products read, ' + backfill.imagesTagged + ' images tagged.' +
      (backfill.lastError ? ' Last error: ' + backfill.lastError : '');
    if (running && !polling) polling = setInterval(refresh, 2000);
    if (!running && polling) {
      clearInterval(polling);
      polling = null;
    }
  }

  function readSettings() {
    return {
      language: $('language').value,
      fields: { altText: $('field-alt').checked, productTags: $('field-tags').checked, suggestions: $('field-suggestions').checked },
      overwrite: $('overwrite').value,
      vocabulary: $('vocabulary').value.split(',').map((t) => t.trim()).filter(Boolean),
      tagPrefix: $('prefix').value,
    };
  }

  async function refresh() {
    try {
      render(await call('GET', '/shopify/api/status'));
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  function on(id, handler) {
    $(id).addEventListener('click', async () => {
      try {
        showError(null);
        await handler();
      } catch (error) {
        showError(error);
      }
    });
  }

  on('connect-button', async () => render(await call('POST', '/shopify/api/install', { apiKey: $('api-key').value.trim() })));
  on('save', async () => {
    render(await call('PUT', '/shopify/api/settings', readSettings()));
    $('saved').hidden = false;
    setTimeout(() => ($('saved').hidden = true), 2000);
  });
  on('import-tags', async () => render(await call('POST', '/shopify/api/vocabulary/import')));
  on('backfill', async () => render(await call('POST', '/shopify/api/backfill')));

  refresh();
})();
