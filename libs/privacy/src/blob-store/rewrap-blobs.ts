import { DecryptionError, envelopeKeyId, MasterKey, rewrap } from '../envelope';
import type { BlobStore } from './blob-store';

export interface RewrapCounts {
  rewrapped: number;
  alreadyCurrent: number;
}

export class BlobRewrapError extends Error {
  readonly code = 'blob_rewrap_failed';

  constructor(
    readonly key: string,
    cause: DecryptionError,
  ) {
    super(`Could not re-wrap blob ${key}: ${cause.message}`, { cause });
  }
}

/**
 * After a master-key rotation, moves every object under `prefix` to `next` without decrypting any image.
 * `store` must be the raw driver (it sees envelopes), not an EncryptedBlobStore. Safe to re-run after a crash:
 * objects already under `next` are counted and left alone. A blob deleted between its read and its rewrite
 * would be written back, so run it while deletions (account removal, retention sweeps) are paused.
 */
export async function rewrapBlobs(
  store: BlobStore,
  masters: readonly MasterKey[],
  next: MasterKey,
  prefix = '',
): Promise<RewrapCounts> {
  const counts: RewrapCounts = { rewrapped: 0, alreadyCurrent: 0 };
  for await (const key of store.keys(prefix)) {
    const envelope = await store.get(key);
    if (!envelope) continue; // deleted since it was listed
    try {
      if (envelopeKeyId(envelope) === next.id) {
        counts.alreadyCurrent++;
        continue;
      }
      await store.put(key, rewrap(envelope, masters, next));
      counts.rewrapped++;
    } catch (error) {
      if (error instanceof DecryptionError) throw new BlobRewrapError(key, error);
      throw error;
    }
  }
  return counts;
}
