import { Inject, Injectable } from '@nestjs/common';
import { BlobStore, envelopeKeyId, rewrap, rewrapBlobs } from '@tagphoto/privacy';
import { MASTER_KEYS, MasterKeys, RAW_BLOB_STORE } from '../../storage/storage.module';
import { ImageSearchIndex } from '../images/image-search-index.service';
import { SEALED_TABLES, SealedColumnRepository, type SealedTable } from './sealed-column.repository';

const BATCH = 200;

export type RewrapCounts = { blobs: number; searchTerms: number } & Record<SealedTable, number>;

/**
 * After a master-key rotation: re-wraps the data key of every blob and every sealed column (results, OAuth tokens,
 * webhook secrets and payloads, callback secrets) with the current master key. Only the small wrapped keys change;
 * image bytes are never decrypted, in memory or on disk. Then hashes every result's search terms anew under the
 * current key (`searchTerms`: the results re-indexed), since a search stops trying a key once it is dropped.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly sealed: SealedColumnRepository,
    @Inject(RAW_BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(MASTER_KEYS) private readonly keys: MasterKeys,
    private readonly searchIndex: ImageSearchIndex,
  ) {}

  async rewrapAll(): Promise<RewrapCounts> {
    const masters = [this.keys.current, ...this.keys.previous];
    const counts = { blobs: (await rewrapBlobs(this.blobs, masters, this.keys.current)).rewrapped } as RewrapCounts;
    for (const table of SEALED_TABLES) {
      counts[table] = 0;
      for (;;) {
        const stale = await this.sealed.stale(table, this.keys.current.id, BATCH);
        for (const row of stale) {
          const sealed = rewrap(Buffer.from(row.sealed), masters, this.keys.current);
          await this.sealed.replace(table, row.id, new Uint8Array(sealed), envelopeKeyId(sealed));
        }
        counts[table] += stale.length;
        if (stale.length < BATCH) break;
      }
    }
    counts.searchTerms = await this.searchIndex.rebuild();
    return counts;
  }
}
