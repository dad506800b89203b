// Test stand-in for https://cdn.shopify.com/shopifycloud/polaris.js: the Polaris custom elements the embedded
// page uses, with the properties and events the page relies on (value, checked, disabled, click), rendered with
// plain HTML controls in open shadow roots so a test finds them by role and label.
(function () {
  'use strict';

  function define(tag, render, extra) {
    class Element extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' });
      }
      connectedCallback() {
        if (!this.rendered) {
          this.rendered = true;
          render(this, this.shadowRoot);
        }
      }
    }
    if (extra) extra(Element.prototype);
    customElements.define(tag, Element);
  }

  const heading = (level) => (host, root) => {
    if (host.getAttribute('heading')) {
      const title = document.createElement(level);
      title.textContent = host.getAttribute('heading');
      root.append(title);
    }
    root.append(document.createElement('slot'));
  };
  const container = (host, root) => root.append(document.createElement('slot'));

  define('s-page', heading('h1'));
  define('s-section', heading('h2'));
  define('s-banner', (host, root) => {
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    heading('h3')(host, alert);
    root.append(alert);
  });
  for (const tag of ['s-paragraph', 's-text', 's-stack', 's-box', 's-button-group', 's-heading', 's-option'])
    define(tag, container);
  define('s-spinner', () => undefined);
  define('s-thumbnail', (host, root) => {
    const image = document.createElement('img');
    image.src = host.getAttribute('src') || '';
    image.alt = host.getAttribute('alt') || '';
    root.append(image);
  });

  define(
    's-button',
    (host, root) => {
      const button = document.createElement('button');
      button.append(document.createElement('slot'));
      button.disabled = host.hasAttribute('disabled');
      root.append(button);
    },
    (proto) => {
      Object.defineProperty(proto, 'disabled', {
        get() {
          return this.hasAttribute('disabled');
        },
        set(value) {
          this.toggleAttribute('disabled', Boolean(value));
          const button = this.shadowRoot.querySelector('button');
          if (button) button.disabled = Boolean(value);
        },
      });
    },
  );

  /** A labelled native control inside the element; `value`/`checked` read and write it. */
  function field(tag, makeControl, property) {
    define(
      tag,
      (host, root) => {
        const label = document.createElement('label');
        const control = makeControl(host);
        if (host.pendingValue !== undefined) control[property] = host.pendingValue;
        else if (property === 'value' && host.hasAttribute('value')) control.value = host.getAttribute('value');
        control.addEventListener('change', () => host.dispatchEvent(new Event('change', { bubbles: true })));
        label.append(host.getAttribute('label') || '', control);
        root.append(label);
      },
      (proto) => {
        Object.defineProperty(proto, property, {
          get() {
            const control = this.shadowRoot.querySelector('input, textarea, select');
            if (!control) return this.pendingValue;
            if (control.tagName === 'SELECT') syncOptions(this, control);
            return control[property];
          },
          set(value) {
            const control = this.shadowRoot.querySelector('input, textarea, select');
            if (!control) {
              this.pendingValue = value;
              return;
            }
            if (control.tagName === 'SELECT') syncOptions(this, control);
            control[property] = value;
          },
        });
      },
    );
  }

  function syncOptions(host, select) {
    if (select.options.length > 0) return;
    for (const option of host.querySelectorAll('s-option'))
      select.add(new Option(option.textContent, option.getAttribute('value')));
  }

  const input = (type) => (host) => {
    const control = document.createElement('input');
    control.type = type;
    if (host.getAttribute('placeholder')) control.placeholder = host.getAttribute('placeholder');
    return control;
  };
  field('s-text-field', input('text'), 'value');
  field('s-password-field', input('password'), 'value');
  field('s-checkbox', input('checkbox'), 'checked');
  field('s-text-area', () => document.createElement('textarea'), 'value');
  field(
    's-select',
    (host) => {
      const select = document.createElement('select');
      // The options are parsed after the element connects: they are read when the control is first used.
      select.addEventListener('focus', () => syncOptions(host, select));
      return select;
    },
    'value',
  );
})();
