import { Injectable } from '@nestjs/common';
import type { ReviewState } from '@tagphoto/contracts';

/** The decided review states of some of the owner's images, by image id; images not listed were never decided. */
export type ReviewStateSource = (ownerId: string, imageIds: string[]) => Promise<Map<string, ReviewState>>;

/**
 * Where the images module learns what people decided in the review queue. The review module depends on this one,
 * not the reverse, so it plugs its source in when it starts (as it subscribes to ImageEvents); without it, an
 * image's review state is the engine's flag alone.
 */
@Injectable()
export class ImageReviewStates {
  private source: ReviewStateSource | undefined;

  provide(source: ReviewStateSource): void {
    this.source = source;
  }

  async of(ownerId: string, imageIds: string[]): Promise<Map<string, ReviewState>> {
    return this.source && imageIds.length > 0 ? this.source(ownerId, imageIds) : new Map();
  }
}
