import { Injectable, Logger } from '@nestjs/common';
import type { Session } from '@shopify/shopify-api';
import { Clock } from '../../common/clock';
import { HubError, NotFoundError } from '../../common/errors';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import type { AccessTokens } from './shopify-admin';
import { ShopifyApp } from './shopify-api.provider';

/** A shop's tokens as sealed in the connection's secrets. */
export type ShopifyTokens = {
  accessToken?: string;
  scope?: string;
  /** ISO time the access token expires; absent for a non-expiring token (installed before expiring tokens). */
  expiresAt?: string;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
};

/** Refresh this long before the access token expires, so no call goes out with a token about to die. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export class ShopifyReauthorizeError extends HubError {
  constructor(detail: string) {
    super(401, 'shopify_reauthorize', `The shop must open the app again to renew its authorization: ${detail}`);
  }
}

/** The secrets to seal for a session the library returned (install, refresh or migration). */
export function tokensOf(session: Session): ShopifyTokens {
  return {
    accessToken: session.accessToken,
    scope: session.scope ?? '',
    ...(session.expires && { expiresAt: session.expires.toISOString() }),
    ...(session.refreshToken && { refreshToken: session.refreshToken }),
    ...(session.refreshTokenExpires && { refreshTokenExpiresAt: session.refreshTokenExpires.toISOString() }),
  };
}

/**
 * Expiring offline tokens (required for public apps from 2027-01-01): the access token lives an hour and is
 * refreshed with the refresh token shortly before it expires, or at once when Shopify answers 401; each refresh
 * rotates the refresh token too. A shop installed with a non-expiring token is migrated on its first call
 * (token exchange of the old token, which then dies). Tokens are stored sealed in the connection's secrets.
 */
@Injectable()
export class ShopifyTokenService {
  private readonly logger = new Logger('shopify');
  /** One refresh at a time per connection in this process: a refresh token is good for one use. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly shopify: ShopifyApp,
    private readonly clock: Clock,
  ) {}

  source(connection: ConnectionRecord): AccessTokens {
    return {
      current: () => this.current(connection),
      afterUnauthorized: (rejected) => this.renew(connection, rejected),
    };
  }

  /** A token good for the next call: migrated or refreshed first when needed. */
  async current(connection: ConnectionRecord): Promise<string> {
    const tokens = await this.stored(connection);
    if (!tokens.refreshToken || !tokens.expiresAt) return this.renew(connection, tokens.accessToken!);
    if (Date.parse(tokens.expiresAt) - this.clock.now().getTime() <= REFRESH_MARGIN_MS)
      return this.renew(connection, tokens.accessToken!);
    return tokens.accessToken!;
  }

  /** Replaces `stale` (expiring, expired, refused or non-expiring) unless another call already did. */
  renew(connection: ConnectionRecord, stale: string): Promise<string> {
    const running = this.inFlight.get(connection.id);
    if (running) return running;
    const work = this.replace(connection, stale).finally(() => this.inFlight.delete(connection.id));
    this.inFlight.set(connection.id, work);
    return work;
  }

  private async replace(connection: ConnectionRecord, stale: string): Promise<string> {
    const tokens = await this.stored(connection);
    // Another process may have refreshed since `stale` was read: its token is the current one.
    if (
      tokens.accessToken !== stale &&
      tokens.refreshToken &&
      tokens.expiresAt &&
      Date.parse(tokens.expiresAt) - this.clock.now().getTime() > REFRESH_MARGIN_MS
    ) {
      return tokens.accessToken!;
    }
    const library = this.shopify.library;
    const shop = connection.externalAccount;
    let session: Session;
    try {
      if (!tokens.refreshToken) {
        ({ session } = await library.auth.migrateToExpiringToken({
          shop,
          nonExpiringOfflineAccessToken: tokens.accessToken!,
        }));
        this.logger.log('migrated a shop from a non-expiring to an expiring offline token');
      } else {
        if (tokens.refreshTokenExpiresAt && Date.parse(tokens.refreshTokenExpiresAt) <= this.clock.now().getTime()) {
          throw new ShopifyReauthorizeError('the refresh token has expired.');
        }
        ({ session } = await library.auth.refreshToken({ shop, refreshToken: tokens.refreshToken }));
      }
    } catch (error) {
      // A refresh token is spent once: if another process used it first, its result is already stored.
      const now = await this.stored(connection);
      if (now.accessToken && now.accessToken !== tokens.accessToken) return now.accessToken;
      if (error instanceof HubError) throw error;
      throw new ShopifyReauthorizeError(error instanceof Error ? error.message : String(error));
    }
    if (!session.accessToken) throw new ShopifyReauthorizeError('Shopify returned no access token.');
    await this.connections.updateSecrets(connection.ownerId, connection.id, {
      ...tokensOf(session),
      scope: session.scope ?? tokens.scope ?? '',
    });
    return session.accessToken;
  }

  private async stored(connection: ConnectionRecord): Promise<ShopifyTokens> {
    const tokens = await this.connections.secrets<ShopifyTokens>(connection.ownerId, connection.id);
    if (!tokens?.accessToken) throw new NotFoundError('Shopify access token');
    return tokens;
  }
}
