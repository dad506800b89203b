import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import { Vault } from '../storage/vault';

export interface ConnectionRecord {
  id: string;
  ownerId: string;
  provider: string;
  externalAccount: string;
  settings: Record<string, unknown>;
  status: string;
  createdAt: Date;
}

export type ConnectionSecrets = Record<string, unknown>;

const VISIBLE = {
  id: true,
  ownerId: true,
  provider: true,
  externalAccount: true,
  settings: true,
  status: true,
  createdAt: true,
} as const;

/**
 * Connections and their credentials. Tokens are sealed with the master key on the way in and opened only by
 * `secrets()`; nothing else here returns them. Owner-first, except the lookups a provider's webhook needs
 * to find whose connection an event is for.
 */
@Injectable()
export class ConnectionRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  /** Creates the connection, or re-links it (new tokens, same owner) when the owner connects the account again. */
  async upsert(
    ownerId: string,
    provider: string,
    externalAccount: string,
    secrets: ConnectionSecrets,
    settings: Record<string, unknown> = {},
  ): Promise<ConnectionRecord> {
    const sealed = { secrets: this.vault.sealJson(secrets), keyId: this.vault.keyId };
    const row = await this.db.prisma.connection.upsert({
      where: { provider_externalAccount: { provider, externalAccount } },
      // Prisma's JSON input type takes an object, not a record of unknowns; the cast is needed though lint thinks not.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      create: { ownerId, provider, externalAccount, settings: settings as object, status: 'active', ...sealed },
      update: { ownerId, status: 'active', ...sealed },
      select: VISIBLE,
    });
    return row as ConnectionRecord;
  }

  async get(ownerId: string, id: string): Promise<ConnectionRecord | undefined> {
    return (
      ((await this.db.prisma.connection.findFirst({
        where: { id, ownerId },
        select: VISIBLE,
      })) as ConnectionRecord | null) ?? undefined
    );
  }

  async list(ownerId: string): Promise<ConnectionRecord[]> {
    return (await this.db.prisma.connection.findMany({
      where: { ownerId },
      select: VISIBLE,
      orderBy: { createdAt: 'asc' },
    })) as ConnectionRecord[];
  }

  /** Finds the connection a provider event is about (a shop domain, a Slack team). */
  async findByExternalAccount(provider: string, externalAccount: string): Promise<ConnectionRecord | undefined> {
    const row = await this.db.prisma.connection.findUnique({
      where: { provider_externalAccount: { provider, externalAccount } },
      select: VISIBLE,
    });
    return (row as ConnectionRecord | null) ?? undefined;
  }

  /** Every active connection of one provider, for a connector's scheduled jobs (channel renewal, re-sync). */
  async listByProvider(provider: string): Promise<ConnectionRecord[]> {
    return (await this.db.prisma.connection.findMany({
      where: { provider, status: 'active' },
      select: VISIBLE,
      orderBy: { createdAt: 'asc' },
    })) as ConnectionRecord[];
  }

  /** Finds a connection by id for a job or a provider callback that carries only the id. */
  async findById(id: string): Promise<ConnectionRecord | undefined> {
    return (
      ((await this.db.prisma.connection.findUnique({ where: { id }, select: VISIBLE })) as ConnectionRecord | null) ??
      undefined
    );
  }

  async secrets<T extends ConnectionSecrets>(ownerId: string, id: string): Promise<T | undefined> {
    const row = await this.db.prisma.connection.findFirst({ where: { id, ownerId }, select: { secrets: true } });
    return row?.secrets ? this.vault.openJson<T>(row.secrets) : undefined;
  }

  async updateSecrets(ownerId: string, id: string, secrets: ConnectionSecrets): Promise<void> {
    await this.db.prisma.connection.updateMany({
      where: { id, ownerId },
      data: { secrets: this.vault.sealJson(secrets), keyId: this.vault.keyId },
    });
  }

  async updateSettings(ownerId: string, id: string, settings: Record<string, unknown>): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- Prisma's JSON input needs `object`
    await this.db.prisma.connection.updateMany({ where: { id, ownerId }, data: { settings: settings as object } });
  }

  async setStatus(ownerId: string, id: string, status: string): Promise<void> {
    await this.db.prisma.connection.updateMany({ where: { id, ownerId }, data: { status } });
  }

  /** Deletes the connection with its cursors and item records. */
  async delete(ownerId: string, id: string): Promise<boolean> {
    return (await this.db.prisma.connection.deleteMany({ where: { id, ownerId } })).count > 0;
  }

  async getCursor(
    ownerId: string,
    connectionId: string,
    kind: string,
  ): Promise<{ position: unknown; progress: unknown } | undefined> {
    const row = await this.db.prisma.syncCursor.findFirst({ where: { connectionId, kind, connection: { ownerId } } });
    return row ? { position: row.position, progress: row.progress } : undefined;
  }

  async setCursor(
    ownerId: string,
    connectionId: string,
    kind: string,
    position: unknown,
    progress?: unknown,
  ): Promise<void> {
    if (!(await this.get(ownerId, connectionId))) return;
    await this.db.prisma.syncCursor.upsert({
      where: { connectionId_kind: { connectionId, kind } },
      create: { connectionId, kind, position: position as object, progress: progress as object | undefined },
      update: { position: position as object, progress: progress as object | undefined },
    });
  }

  async getItem(
    ownerId: string,
    connectionId: string,
    externalId: string,
  ): Promise<{ contentHash: string; imageId: string | null } | undefined> {
    const row = await this.db.prisma.connectorItem.findFirst({
      where: { connectionId, externalId, connection: { ownerId } },
    });
    return row ? { contentHash: row.contentHash, imageId: row.imageId } : undefined;
  }

  /** The connector item an image was made from (which connection, which item at the provider), if any. */
  async itemOfImage(
    ownerId: string,
    imageId: string,
  ): Promise<{ connectionId: string; externalId: string } | undefined> {
    const row = await this.db.prisma.connectorItem.findFirst({ where: { imageId, connection: { ownerId } } });
    return row ? { connectionId: row.connectionId, externalId: row.externalId } : undefined;
  }

  /** The hub's images made from a connection's items (what a provider's "forget this account" must delete). */
  async itemImageIds(ownerId: string, connectionId: string): Promise<string[]> {
    const rows = await this.db.prisma.connectorItem.findMany({
      where: { connectionId, connection: { ownerId }, imageId: { not: null } },
      select: { imageId: true },
    });
    return rows.map((row) => row.imageId!);
  }

  async setItem(
    ownerId: string,
    connectionId: string,
    externalId: string,
    contentHash: string,
    imageId: string | null,
    writtenAt: Date,
  ): Promise<void> {
    if (!(await this.get(ownerId, connectionId))) return;
    await this.db.prisma.connectorItem.upsert({
      where: { connectionId_externalId: { connectionId, externalId } },
      create: { connectionId, externalId, contentHash, imageId, writtenAt },
      update: { contentHash, imageId, writtenAt },
    });
  }
}
