import { ApiVersion, LogSeverity, Session, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { type HubConfig, unsetSettings } from '../../config/config.schema';
import { NotConfiguredError } from '../../common/errors';

// The Node runtime adapter, loaded for its side effect through package exports; a type-level import would make
// TypeScript (moduleResolution node) compile the package's shipped .ts sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: loaded for its side effect only.
require('@shopify/shopify-api/adapters/node');

/** The environment variables the Shopify app is read from; the connector is off until all are set. */
export const SHOPIFY_SETTINGS = ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL'] as const;

export const missingShopifySettings = (config: HubConfig): string[] => unsetSettings(config, SHOPIFY_SETTINGS);

export class ShopifyNotConfiguredError extends NotConfiguredError {
  constructor(missing: readonly string[]) {
    super('shopify_not_configured', 'Shopify', missing, `The Shopify connector is off: set ${missing.join(', ')}.`);
  }
}

/**
 * The Admin API version every request and webhook subscription uses (see apps/shopify-app/shopify.app.toml):
 * the one place it is set. Shopify supports a version for twelve months; 2026-10 is current.
 */
export const SHOPIFY_API_VERSION = ApiVersion.October26;

/** The official library, configured from the hub's settings; absent when the Shopify settings are unset. */
export class ShopifyApp {
  private constructor(
    private readonly api: Shopify | undefined,
    /** The settings still unset when the library is absent. */
    readonly missingSettings: readonly string[] = [],
  ) {}

  static fromConfig(config: HubConfig): ShopifyApp {
    if (!config.SHOPIFY_API_KEY || !config.SHOPIFY_API_SECRET || !config.SHOPIFY_APP_URL)
      return new ShopifyApp(undefined, missingShopifySettings(config));
    const url = new URL(config.SHOPIFY_APP_URL);
    return new ShopifyApp(
      shopifyApi({
        apiKey: config.SHOPIFY_API_KEY,
        apiSecretKey: config.SHOPIFY_API_SECRET,
        scopes: config.SHOPIFY_SCOPES.split(',')
          .map((scope) => scope.trim())
          .filter(Boolean),
        hostName: url.host,
        hostScheme: url.protocol === 'http:' ? 'http' : 'https',
        apiVersion: SHOPIFY_API_VERSION,
        isEmbeddedApp: true,
        logger: { level: LogSeverity.Error, log: async () => undefined },
      }),
    );
  }

  get enabled(): boolean {
    return this.api !== undefined;
  }

  /** The library, or a 503 that says which settings to set. */
  get library(): Shopify {
    if (!this.api) throw new ShopifyNotConfiguredError(this.missingSettings);
    return this.api;
  }

  /** An offline session for Admin API calls on behalf of a shop, with the token the call should carry. */
  offlineSession(shop: string, accessToken: string): Session {
    return new Session({ id: `offline_${shop}`, shop, state: '', isOnline: false, accessToken });
  }
}
