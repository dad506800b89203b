import { Injectable, Logger } from '@nestjs/common';
import { RequestedTokenType } from '@shopify/shopify-api';
import { shopifySettingsSchema, type ShopifyBackfillView, type ShopifySettings } from '@tagphoto/contracts';
import { ConflictError, UnauthorizedError, ValidationError } from '../../common/errors';
import { SecurityLog } from '../../modules/audit/security-log';
import { ImageRecords } from '../../modules/images/image-records.service';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { ShopifyApp } from './shopify-api.provider';
import { ShopifyCatalogService } from './shopify-catalog.service';
import { tokensOf, type ShopifyTokens } from './shopify-tokens';
import { BACKFILL_CURSOR, IDLE_BACKFILL, readBackfill, readSettings, SHOPIFY } from './shopify-settings';

export interface ShopStatus {
  connected: boolean;
  shop: string;
  connectionId: string | null;
  settings: ShopifySettings | null;
  backfill: ShopifyBackfillView | null;
}

/** A shop's link to a TagPhoto account: installing, settings, uninstalling, and forgetting the shop. */
@Injectable()
export class ShopifyShopService {
  private readonly logger = new Logger('shopify');

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly images: ImageRecords,
    private readonly audit: SecurityLog,
    private readonly catalog: ShopifyCatalogService,
    private readonly shopify: ShopifyApp,
  ) {}

  /** Stores the shop's offline tokens (sealed) on the owner's connection; settings survive a reinstall. */
  async connect(ownerId: string, shop: string, tokens: ShopifyTokens): Promise<ConnectionRecord> {
    let existing = await this.connections.findByExternalAccount(SHOPIFY, shop);
    if (existing && existing.ownerId !== ownerId) {
      if (existing.status === 'active') {
        throw new ConflictError(
          'shop_connected_elsewhere',
          'This shop is connected to another TagPhoto account: disconnect it there first.',
        );
      }
      // An uninstalled shop moving to another account takes none of the previous account's data with it.
      await this.redactShop(shop);
      existing = undefined;
    }
    const settings = existing?.ownerId === ownerId ? readSettings(existing.settings) : shopifySettingsSchema.parse({});
    const connection = await this.connections.upsert(ownerId, SHOPIFY, shop, { ...tokens }, settings);
    await this.connections.updateSettings(ownerId, connection.id, settings);
    await this.audit.record(ownerId, 'connection.added', { provider: SHOPIFY, account: shop });
    return connection;
  }

  /** Embedded install: the App Bridge session token is exchanged for an expiring offline token (no redirects). */
  async connectByTokenExchange(ownerId: string, shop: string, sessionToken: string): Promise<ConnectionRecord> {
    const { session } = await this.shopify.library.auth.tokenExchange({
      shop,
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    if (!session.accessToken)
      throw new UnauthorizedError('shopify_token_exchange_failed', 'Shopify returned no access token.');
    return this.connect(ownerId, session.shop, tokensOf(session));
  }

  /** The shop named by a verified session token (its `dest` claim). */
  async shopFromSessionToken(sessionToken: string): Promise<string> {
    try {
      const payload = await this.shopify.library.session.decodeSessionToken(sessionToken);
      return new URL(payload.dest).hostname;
    } catch {
      throw new UnauthorizedError(
        'invalid_session_token',
        'The Shopify session token is missing, expired or not signed for this app.',
      );
    }
  }

  async status(shop: string): Promise<ShopStatus> {
    const connection = await this.activeConnection(shop);
    if (!connection) return { connected: false, shop, connectionId: null, settings: null, backfill: null };
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
    return {
      connected: true,
      shop,
      connectionId: connection.id,
      settings: readSettings(connection.settings),
      backfill: cursor ? readBackfill(cursor.progress) : IDLE_BACKFILL,
    };
  }

  async updateSettings(shop: string, input: unknown): Promise<ShopStatus> {
    const connection = await this.requireConnection(shop);
    const parsed = shopifySettingsSchema.safeParse(input);
    if (!parsed.success)
      throw new ValidationError(
        `Invalid settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    await this.connections.updateSettings(connection.ownerId, connection.id, parsed.data);
    return this.status(shop);
  }

  /** Replaces the vocabulary with the shop's existing product tags. */
  async importShopTags(shop: string): Promise<ShopStatus> {
    const connection = await this.requireConnection(shop);
    const tags = await this.catalog.admin(connection).shopTags();
    await this.connections.updateSettings(connection.ownerId, connection.id, {
      ...readSettings(connection.settings),
      vocabulary: tags,
    });
    return this.status(shop);
  }

  async startBackfill(shop: string): Promise<ShopStatus> {
    const connection = await this.requireConnection(shop);
    await this.catalog.startBackfill(connection.ownerId, connection.id);
    return this.status(shop);
  }

  /** app/uninstalled: the token is dead; forget it and stop work. Data stays until shop/redact (48 h later). */
  async uninstalled(shop: string): Promise<void> {
    const connection = await this.connections.findByExternalAccount(SHOPIFY, shop);
    if (!connection) return;
    await this.connections.updateSecrets(connection.ownerId, connection.id, {});
    await this.connections.setStatus(connection.ownerId, connection.id, 'uninstalled');
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
    if (cursor)
      await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, cursor.position, {
        ...readBackfill(cursor.progress),
        status: 'idle',
      });
    await this.audit.record(connection.ownerId, 'connection.removed', {
      provider: SHOPIFY,
      account: shop,
      reason: 'app_uninstalled',
    });
  }

  /** shop/redact: deletes everything of the shop: the images the hub made from it, its items, cursors and connection. */
  async redactShop(shop: string): Promise<void> {
    const connection = await this.connections.findByExternalAccount(SHOPIFY, shop);
    if (!connection) return;
    for (const imageId of await this.connections.itemImageIds(connection.ownerId, connection.id)) {
      await this.images.delete(connection.ownerId, imageId);
    }
    await this.connections.delete(connection.ownerId, connection.id);
    await this.audit.record(connection.ownerId, 'connection.removed', {
      provider: SHOPIFY,
      account: shop,
      reason: 'shop_redact',
    });
    this.logger.log('deleted a shop on shop/redact');
  }

  async activeConnection(shop: string): Promise<ConnectionRecord | undefined> {
    const connection = await this.connections.findByExternalAccount(SHOPIFY, shop);
    return connection?.status === 'active' ? connection : undefined;
  }

  /** The shop's active connection; 401 shop_not_connected when there is none. */
  async requireConnection(shop: string): Promise<ConnectionRecord> {
    const connection = await this.activeConnection(shop);
    if (!connection)
      throw new UnauthorizedError(
        'shop_not_connected',
        'This shop is not connected to a TagPhoto account yet: connect it first.',
      );
    return connection;
  }
}
