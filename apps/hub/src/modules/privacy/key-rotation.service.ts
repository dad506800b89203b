import { Inject, Injectable } from '@nestjs/common';
import { BlobStore, envelopeKeyId, rewrap, rewrapBlobs } from '@tagphoto/privacy';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { MASTER_KEYS, MasterKeys, RAW_BLOB_STORE } from '../../storage/storage.module';

const BATCH = 200;

/**
 * After a master-key rotation: re-wraps every blob's and result's data key with the current master key. Only
 * the small wrapped keys change; image bytes are never decrypted, in memory or on disk.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RAW_BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(MASTER_KEYS) private readonly keys: MasterKeys,
  ) {}

  async rewrapAll(): Promise<{ blobs: number; results: number }> {
    const masters = [this.keys.current, ...this.keys.previous];
    const blobs = await rewrapBlobs(this.blobs, masters, this.keys.current);
    let results = 0;
    for (;;) {
      const stale = await this.db.prisma.taggingResult.findMany({
        where: { keyId: { not: this.keys.current.id } },
        select: { id: true, payload: true },
        take: BATCH,
      });
      for (const row of stale) {
        const payload = rewrap(Buffer.from(row.payload), masters, this.keys.current);
        await this.db.prisma.taggingResult.update({
          where: { id: row.id },
          data: { payload: new Uint8Array(payload), keyId: envelopeKeyId(payload) },
        });
        results++;
      }
      if (stale.length < BATCH) return { blobs: blobs.rewrapped, results };
    }
  }
}
