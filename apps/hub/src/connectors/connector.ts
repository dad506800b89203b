import { SetMetadata } from '@nestjs/common';
import type { ConnectionRecord } from './connection.repository';

/**
 * What every connector (Shopify, Slack, Google Drive, …) offers the rest of the hub. A connector lives in its
 * own folder as a Nest module (its controllers, services and @JobHandlers) with one class implementing this
 * interface, marked @ConnectorProvider, and one line in registry.ts. It never touches Prisma directly: it uses
 * ConnectionRepository, InboundEventRepository and ImageTaggingService.
 */
export interface Connector {
  readonly provider: string;
  readonly displayName: string;
  /** Connectors an owner connects from the dashboard by OAuth: where that starts, and what the operator must set first. */
  readonly oauth?: OAuthConnect;
  /** The connection is being removed (by its owner, or with the owner's account): revoke tokens at the provider. */
  disconnect(connection: ConnectionRecord): Promise<void>;
}

export interface OAuthConnect {
  /** Where a signed-in browser starts connecting an account: `/connect/<provider>`. */
  readonly connectPath: string;
  /** The environment variables the operator has still to set, by name (never a value); empty when the connector is ready. */
  missingSettings(): string[];
}

export const CONNECTOR_PROVIDER = Symbol('CONNECTOR_PROVIDER');

/** Marks the class that implements Connector for one provider; found at boot by ConnectorRegistry. */
export const ConnectorProvider = (provider: string): ClassDecorator => SetMetadata(CONNECTOR_PROVIDER, provider);
