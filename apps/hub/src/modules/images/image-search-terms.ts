import { Inject, Injectable } from '@nestjs/common';
import type { TaggingResult } from '@tagphoto/contracts';
import { ownerSearchKey, type SearchTerm, searchTermHash, type SearchTermKind, searchTermsOf } from '@tagphoto/privacy';
import { MASTER_KEYS, type MasterKeys } from '../../storage/storage.module';

/**
 * Turns terms into the keyed hashes the ImageSearchTerm table holds (libs/privacy/src/search-terms.ts says what
 * they reveal). Stored terms are hashed under the current master key; a query also hashes under the previous ones,
 * so results indexed before a key rotation are still found while those keys are configured.
 */
@Injectable()
export class SearchTermHasher {
  constructor(@Inject(MASTER_KEYS) private readonly keys: MasterKeys) {}

  stored(ownerId: string, result: TaggingResult): Array<{ kind: SearchTermKind; hash: Uint8Array<ArrayBuffer> }> {
    const key = ownerSearchKey(this.keys.current, ownerId);
    return searchTermsOf(result).map(({ kind, term }) => ({ kind, hash: searchTermHash(key, kind, term) }));
  }

  /** Every hash the term may be stored under. */
  matching(ownerId: string, { kind, term }: SearchTerm): Array<Uint8Array<ArrayBuffer>> {
    return [this.keys.current, ...this.keys.previous].map((master) =>
      searchTermHash(ownerSearchKey(master, ownerId), kind, term),
    );
  }
}
