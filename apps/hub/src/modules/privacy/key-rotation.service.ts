import { Inject, Injectable } from '@nestjs/common';
import { BlobStore, envelopeKeyId, rewrap, rewrapBlobs } from '@tagphoto/privacy';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { MASTER_KEYS, MasterKeys, RAW_BLOB_STORE } from '../../storage/storage.module';

const BATCH = 200;

/** Every sealed column in the database, with the column that names its master key. A fixed list: never user input. */
const SEALED_COLUMNS = [
  { table: 'TaggingResult', column: 'payload', keyId: 'keyId' },
  { table: 'Connection', column: 'secrets', keyId: 'keyId' },
  { table: 'WebhookEndpoint', column: 'secrets', keyId: 'keyId' },
  { table: 'WebhookDelivery', column: 'payload', keyId: 'keyId' },
  { table: 'Account', column: 'callbackSecret', keyId: 'callbackSecretKeyId' },
] as const;

export type RewrapCounts = { blobs: number } & Record<(typeof SEALED_COLUMNS)[number]['table'], number>;

/**
 * After a master-key rotation: re-wraps the data key of every blob and every sealed column (results, OAuth tokens,
 * webhook secrets and payloads, callback secrets) with the current master key. Only the small wrapped keys change;
 * image bytes are never decrypted, in memory or on disk.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RAW_BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(MASTER_KEYS) private readonly keys: MasterKeys,
  ) {}

  async rewrapAll(): Promise<RewrapCounts> {
    const masters = [this.keys.current, ...this.keys.previous];
    const counts = { blobs: (await rewrapBlobs(this.blobs, masters, this.keys.current)).rewrapped } as RewrapCounts;
    for (const { table, column, keyId } of SEALED_COLUMNS) {
      counts[table] = 0;
      for (;;) {
        const stale = await this.db.prisma.$queryRawUnsafe<Array<{ id: string; sealed: Uint8Array }>>(
          `SELECT id::text AS id, "${column}" AS sealed FROM "${table}"
           WHERE "${column}" IS NOT NULL AND ("${keyId}" IS NULL OR "${keyId}" <> $1) LIMIT ${BATCH}`,
          this.keys.current.id,
        );
        for (const row of stale) {
          const sealed = rewrap(Buffer.from(row.sealed), masters, this.keys.current);
          await this.db.prisma.$executeRawUnsafe(
            `UPDATE "${table}" SET "${column}" = $1, "${keyId}" = $2 WHERE id = $3::uuid`,
            sealed,
            envelopeKeyId(sealed),
            row.id,
          );
        }
        counts[table] += stale.length;
        if (stale.length < BATCH) break;
      }
    }
    return counts;
  }
}
