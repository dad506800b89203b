/** Types of fake-shopify-route.js (plain JavaScript so a child Node process can load it with --require). */
export declare const TARGET: unique symbol;
export declare function fakeShopifyNodeOptions(existing?: string): string;
