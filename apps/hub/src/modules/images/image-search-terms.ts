import { Inject, Injectable } from '@nestjs/common';
import type { TaggingResult } from '@tagphoto/contracts';
import { normaliseTag, ownerSearchKey, searchTermHash, type SearchTermKind, searchWords } from '@tagphoto/privacy';
import { MASTER_KEYS, type MasterKeys } from '../../storage/storage.module';

export interface SearchTerm {
  kind: SearchTermKind;
  term: string;
}

/** The one review term: a result the engine wants a person to see. */
export const REVIEW_NEEDED: SearchTerm = { kind: 'review', term: 'needed' };

/** What GET /v1/images can find a result by: its tags, the words of its texts, and whether it needs review. */
export function searchTermsOf(result: TaggingResult): SearchTerm[] {
  const tags = new Set(result.tags.map((tag) => normaliseTag(tag.label)).filter(Boolean));
  const words = new Set(searchWords([result.title, result.altText, result.description, result.text].join(' ')));
  return [
    ...[...tags].map((term) => ({ kind: 'tag' as const, term })),
    ...[...words].map((term) => ({ kind: 'word' as const, term })),
    ...(result.review.needed ? [REVIEW_NEEDED] : []),
  ];
}

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
