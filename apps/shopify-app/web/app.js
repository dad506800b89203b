// The embedded admin page, built from Polaris web components. Every call to the hub carries a fresh App Bridge
// session token, which the hub verifies; the page never holds any other credential.
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

  function toast(message) {
    if (window.shopify.toast) window.shopify.toast.show(message);
  }

  function showError(error) {
    $('error-text').textContent = error ? error.message : '';
    $('error').hidden = !error;
  }

  /** Creates a Polaris element with attributes and children (text or elements); text never becomes markup. */
  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null && value !== false)
        node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function render(status) {
    $('connect').hidden = status.connected;
    for (const id of ['catalog', 'settings', 'review']) $(id).hidden = !status.connected;
    if (!status.connected) return;
    $('shop-name').textContent = status.shop;
    const s = status.settings;
    $('language').value = s.language;
    $('field-alt').checked = s.fields.altText;
    $('product-alt').checked = s.productAltText.enabled;
    $('product-alt-vendor').checked = s.productAltText.vendor;
    $('product-alt-type').checked = s.productAltText.productType;
    $('review-policy').value = s.review;
    $('overwrite').value = s.overwrite;
    $('field-tags').checked = s.fields.productTags;
    $('field-suggestions').checked = s.fields.suggestions;
    $('vocabulary').value = s.vocabulary.join(', ');
    $('prefix').value = s.tagPrefix;
    renderBackfill(status.backfill);
  }

  function renderBackfill(backfill) {
    const running = backfill.status === 'running';
    $('backfill').disabled = running;
    $('progress-spinner').hidden = !running;
    if (backfill.status === 'idle') {
      $('progress-text').textContent = '';
    } else {
      const of = backfill.total === null ? '' : ' of ' + backfill.total;
      const state = running ? 'Tagging… ' : 'Done: ';
      $('progress-text').textContent =
        state +
        backfill.processed +
        of +
        ' products read, ' +
        backfill.imagesTagged +
        ' images tagged.' +
        (backfill.lastError ? ' Last error: ' + backfill.lastError : '');
    }
    if (running && !polling) polling = setInterval(refresh, 2000);
    if (!running && polling) {
      clearInterval(polling);
      polling = null;
    }
  }

  function renderReview(suggestions) {
    $('review-empty').hidden = suggestions.length > 0;
    $('review-list').replaceChildren(...suggestions.map(reviewItem));
  }

  /** One held suggestion: the picture, the product, the suggested alt text, and Approve / Edit / Reject. */
  function reviewItem(suggestion) {
    const product = suggestion.context || 'Product image';
    const text = element('s-paragraph', {}, [suggestion.altText]);
    const editor = element('s-text-field', {
      label: 'Alt text for ' + product,
      value: suggestion.altText,
      hidden: true,
    });
    const reasons =
      suggestion.reasons.length > 0 ? 'Held because: ' + suggestion.reasons.join(', ') : 'Held by your review setting';
    const approve = element('s-button', { variant: 'primary' }, ['Approve']);
    const edit = element('s-button', {}, ['Edit']);
    const save = element('s-button', { variant: 'primary', hidden: true }, ['Save and publish']);
    const cancel = element('s-button', { hidden: true }, ['Cancel']);
    const reject = element('s-button', { tone: 'critical' }, ['Reject']);
    const item = element(
      's-box',
      { padding: 'base', border: 'base', borderRadius: 'base', 'data-image-id': suggestion.imageId },
      [
        element('s-stack', { direction: 'inline', gap: 'base' }, [
          element('s-thumbnail', { src: suggestion.imageUrl || '', alt: suggestion.altText, size: 'large' }),
          element('s-stack', { gap: 'small' }, [
            element('s-heading', {}, [product]),
            text,
            editor,
            element('s-text', { tone: 'neutral' }, [reasons]),
            element('s-button-group', {}, [approve, edit, save, cancel, reject]),
          ]),
        ]),
      ],
    );
    item.setAttribute('aria-label', 'Suggestion for ' + product);
    const editing = (on) => {
      text.hidden = on;
      editor.hidden = !on;
      for (const button of [approve, edit, reject]) button.hidden = on;
      save.hidden = !on;
      cancel.hidden = !on;
    };
    const decide = (path, body, message) =>
      act(async () => {
        renderReview((await call('POST', '/shopify/api/review/' + suggestion.imageId + path, body)).suggestions);
        toast(message);
      });
    approve.addEventListener('click', () => decide('/approve', {}, 'Alt text published'));
    reject.addEventListener('click', () => decide('/reject', {}, 'Suggestion rejected'));
    edit.addEventListener('click', () => editing(true));
    cancel.addEventListener('click', () => editing(false));
    save.addEventListener('click', () =>
      decide('/approve', { altText: String(editor.value).trim() }, 'Your alt text is published'),
    );
    return item;
  }

  function readSettings() {
    return {
      language: $('language').value,
      fields: {
        altText: $('field-alt').checked,
        productTags: $('field-tags').checked,
        suggestions: $('field-suggestions').checked,
      },
      productAltText: {
        enabled: $('product-alt').checked,
        vendor: $('product-alt-vendor').checked,
        productType: $('product-alt-type').checked,
      },
      review: $('review-policy').value,
      overwrite: $('overwrite').value,
      vocabulary: String($('vocabulary').value)
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      tagPrefix: $('prefix').value,
    };
  }

  async function refresh() {
    try {
      const status = await call('GET', '/shopify/api/status');
      render(status);
      if (status.connected) renderReview((await call('GET', '/shopify/api/review')).suggestions);
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  async function act(handler) {
    try {
      showError(null);
      await handler();
    } catch (error) {
      showError(error);
    }
  }

  const on = (id, handler) => $(id).addEventListener('click', () => act(handler));

  on('connect-button', async () => {
    render(await call('POST', '/shopify/api/install', { apiKey: String($('api-key').value).trim() }));
    await refresh();
  });
  on('save', async () => {
    render(await call('PUT', '/shopify/api/settings', readSettings()));
    toast('Settings saved');
  });
  on('import-tags', async () => render(await call('POST', '/shopify/api/vocabulary/import')));
  on('backfill', async () => render(await call('POST', '/shopify/api/backfill')));

  refresh();
})();
