import { createHmac, hkdfSync } from 'node:crypto';
import type { MasterKey } from './envelope';

/**
 * Searching sealed results without unsealing them: each searchable term is stored as a keyed hash under a key of
 * its owner's, derived from the master key (HKDF-SHA256, the owner id as salt). Someone holding only the database
 * sees which of one owner's images share a term, never the term, and cannot relate two owners' terms; guessing a
 * term needs the master key, because the hash is an HMAC and not a plain digest.
 */
const KEY_INFO = 'tagphoto search terms v1';
/** 128 bits keep collisions out of reach for any one owner's terms, at half the index size of a full digest. */
const HASH_BYTES = 16;

export type SearchTermKind = 'tag' | 'word' | 'review';

export interface SearchTerm {
  kind: SearchTermKind;
  term: string;
}

/** The one review term: a result the engine wants a person to see. */
export const REVIEW_NEEDED: SearchTerm = { kind: 'review', term: 'needed' };

/** The parts of a tagging result (libs/contracts) it can be found by. */
export interface SearchableResult {
  tags: ReadonlyArray<{ label: string }>;
  title: string;
  altText: string;
  description: string;
  /** The text read in the image. */
  text: string;
  review: { needed: boolean };
}

/** What a result can be found by: its tags, the words of its texts, and whether it needs review. */
export function searchTermsOf(result: SearchableResult): SearchTerm[] {
  const tags = new Set(result.tags.map((tag) => normaliseTag(tag.label)).filter(Boolean));
  const words = new Set(searchWords([result.title, result.altText, result.description, result.text].join(' ')));
  return [
    ...[...tags].map((term) => ({ kind: 'tag' as const, term })),
    ...[...words].map((term) => ({ kind: 'word' as const, term })),
    ...(result.review.needed ? [REVIEW_NEEDED] : []),
  ];
}

export function ownerSearchKey(master: MasterKey, ownerId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master.key, Buffer.from(ownerId, 'utf8'), KEY_INFO, 32));
}

/** The stored form of a normalised term (see `normaliseTag` and `searchWords`). */
export function searchTermHash(ownerKey: Buffer, kind: SearchTermKind, term: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    createHmac('sha256', ownerKey).update(`${kind}\u0000${term}`, 'utf8').digest().subarray(0, HASH_BYTES),
  );
}

/** Lower case without accents, so "Café", "CAFE" and "café" are one term. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A tag as it is matched: folded, its inner spaces collapsed ("Golden  Retriever" = "golden retriever"). */
export function normaliseTag(label: string): string {
  return foldText(label).trim().replace(/\s+/g, ' ');
}

/** The distinct words of a text (runs of letters and digits), folded. */
export function searchWords(text: string): string[] {
  return [...new Set(foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [])];
}
