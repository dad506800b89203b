// Test stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js: the `shopify` global the page uses.
// idToken() asks the test for a session token signed with the app secret, as App Bridge asks the Shopify admin.
(function () {
  'use strict';
  window.__toasts = [];
  window.shopify = {
    idToken: () => window.__sessionToken(),
    toast: { show: (message) => window.__toasts.push(String(message)) },
  };
})();
