import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

/** A sealed value read for re-wrapping, by the id of its row. */
export interface SealedValue {
  id: string;
  sealed: Uint8Array;
}

/** Every sealed column in the database, named by its table. A fixed list: never user input. */
export const SEALED_TABLES = ['TaggingResult', 'Connection', 'WebhookEndpoint', 'WebhookDelivery', 'Account'] as const;
export type SealedTable = (typeof SEALED_TABLES)[number];

interface SealedColumn {
  /** Up to `limit` values not sealed under `currentKeyId` (their key id differs, or is missing). */
  stale(currentKeyId: string, limit: number): Promise<SealedValue[]>;
  replace(id: string, sealed: Uint8Array<ArrayBuffer>, keyId: string): Promise<void>;
}

/**
 * The sealed columns (results, OAuth tokens, webhook secrets and payloads, callback secrets) as one list of typed
 * Prisma queries, for key rotation: no SQL is built from names at run time.
 */
@Injectable()
export class SealedColumnRepository {
  private readonly columns: Record<SealedTable, SealedColumn>;

  constructor(@Inject(DATABASE) db: Database) {
    const { prisma } = db;
    const otherKey = (currentKeyId: string) => ({ NOT: { keyId: currentKeyId } });
    this.columns = {
      TaggingResult: {
        stale: async (current, take) =>
          (
            await prisma.taggingResult.findMany({ where: otherKey(current), select: { id: true, payload: true }, take })
          ).map((row) => ({ id: row.id, sealed: row.payload })),
        replace: async (id, payload, keyId) =>
          void (await prisma.taggingResult.update({ where: { id }, data: { payload, keyId } })),
      },
      Connection: {
        stale: async (current, take) =>
          (
            await prisma.connection.findMany({
              where: { secrets: { not: null }, OR: [{ keyId: null }, { keyId: { not: current } }] },
              select: { id: true, secrets: true },
              take,
            })
          ).flatMap((row) => (row.secrets ? [{ id: row.id, sealed: row.secrets }] : [])),
        replace: async (id, secrets, keyId) =>
          void (await prisma.connection.update({ where: { id }, data: { secrets, keyId } })),
      },
      WebhookEndpoint: {
        stale: async (current, take) =>
          (
            await prisma.webhookEndpoint.findMany({
              where: otherKey(current),
              select: { id: true, secrets: true },
              take,
            })
          ).map((row) => ({ id: row.id, sealed: row.secrets })),
        replace: async (id, secrets, keyId) =>
          void (await prisma.webhookEndpoint.update({ where: { id }, data: { secrets, keyId } })),
      },
      WebhookDelivery: {
        stale: async (current, take) =>
          (
            await prisma.webhookDelivery.findMany({
              where: otherKey(current),
              select: { id: true, payload: true },
              take,
            })
          ).map((row) => ({ id: row.id, sealed: row.payload })),
        replace: async (id, payload, keyId) =>
          void (await prisma.webhookDelivery.update({ where: { id }, data: { payload, keyId } })),
      },
      Account: {
        stale: async (current, take) =>
          (
            await prisma.account.findMany({
              where: {
                callbackSecret: { not: null },
                OR: [{ callbackSecretKeyId: null }, { callbackSecretKeyId: { not: current } }],
              },
              select: { id: true, callbackSecret: true },
              take,
            })
          ).flatMap((row) => (row.callbackSecret ? [{ id: row.id, sealed: row.callbackSecret }] : [])),
        replace: async (id, callbackSecret, callbackSecretKeyId) =>
          void (await prisma.account.update({ where: { id }, data: { callbackSecret, callbackSecretKeyId } })),
      },
    };
  }

  stale(table: SealedTable, currentKeyId: string, limit: number): Promise<SealedValue[]> {
    return this.columns[table].stale(currentKeyId, limit);
  }

  replace(table: SealedTable, id: string, sealed: Uint8Array<ArrayBuffer>, keyId: string): Promise<void> {
    return this.columns[table].replace(id, sealed, keyId);
  }
}
