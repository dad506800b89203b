import { Injectable } from '@nestjs/common';
import { ImageRepository } from './image.repository';

const BATCH = 200;

/**
 * The images module's port for rebuilding the search index: every result's terms hashed anew under the current
 * master key. The operator runs it after a key rotation (`operator rewrap-keys` ends with it), so results indexed
 * under a previous key are still found once that key is dropped, and on its own (`operator reindex-search`) for
 * results stored before search existed.
 */
@Injectable()
export class ImageSearchIndex {
  constructor(private readonly images: ImageRepository) {}

  /** The number of results re-indexed. */
  async rebuild(): Promise<number> {
    let count = 0;
    for (const ownerId of await this.images.ownersWithResults()) {
      let after: string | undefined;
      for (;;) {
        const done = await this.images.reindexSearchTerms(ownerId, after, BATCH);
        count += done.length;
        if (done.length < BATCH) break;
        after = done[done.length - 1];
      }
    }
    return count;
  }
}
