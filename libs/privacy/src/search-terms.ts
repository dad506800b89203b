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
