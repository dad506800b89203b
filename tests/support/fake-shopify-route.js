'use strict';
/**
 * Sends Shopify's hosts to the fake Shopify (tests/shopify/fake-shop.ts), a real HTTP server on 127.0.0.1.
 * The official library captures `fetch` when it loads, so this must run first: required at the top of a test
 * file, and through NODE_OPTIONS=--require in hub processes a test starts. Only `fetch` is rerouted (the
 * library, the product image download and the bulk file download all use it); the original host travels in
 * the `x-fake-shopify-host` header. In a hub process the fake's address comes from TAGPHOTO_FAKE_SHOPIFY; in a
 * jest worker from the running fake, which also says which shops it serves (others stay with nock).
 */
const TARGET = Symbol.for('tagphoto.fakeShopify');
const INSTALLED = Symbol.for('tagphoto.fakeShopify.installed');
const SHOPIFY_HOST = /^([a-z0-9][a-z0-9-]*\.myshopify\.com|cdn\.shopify\.com|storage\.googleapis\.com)$/i;

function targetFor(hostname) {
  const registered = globalThis[TARGET];
  if (registered) return registered.serves(hostname) ? registered.origin : undefined;
  return process.env.TAGPHOTO_FAKE_SHOPIFY || undefined;
}

function install() {
  if (globalThis[INSTALLED]) return;
  globalThis[INSTALLED] = true;
  const original = globalThis.fetch;
  globalThis.fetch = async function fakeShopifyFetch(input, init) {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const origin = url.protocol === 'https:' && SHOPIFY_HOST.test(url.hostname) ? targetFor(url.hostname) : undefined;
    if (!origin) return original(input, init);
    const headers = new Headers(request.headers);
    headers.set('x-fake-shopify-host', url.hostname);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return original(new URL(`${url.pathname}${url.search}`, origin), {
      method: request.method,
      headers,
      body,
      redirect: request.redirect,
      signal: request.signal,
    });
  };
}

/** NODE_OPTIONS for a hub process that should reach the fake Shopify. */
function fakeShopifyNodeOptions(existing) {
  const flag = `--require=${__filename}`;
  return existing && existing.includes(flag) ? existing : [existing, flag].filter(Boolean).join(' ');
}

install();

module.exports = { TARGET, fakeShopifyNodeOptions };
