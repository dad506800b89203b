import { Injectable } from '@nestjs/common';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { ImageRecord, ImageRepository } from './image.repository';

/**
 * The images module's port for the privacy module's retention: when an image's bytes and result are due, and
 * what is forgotten when they are. Which dates follow from the owner's rule is the privacy module's decision.
 */
@Injectable()
export class ImageRetention {
  constructor(
    private readonly images: ImageRepository,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
  ) {}

  /** When the image's bytes (and by the owner's setting its result) are due; null keeps them. */
  setExpiry(ownerId: string, id: string, expiresAt: Date | null): Promise<void> {
    return this.images.setExpiry(ownerId, id, expiresAt);
  }

  /** Forgets the blob key once the bytes are deleted. */
  clearBlob(ownerId: string, id: string): Promise<void> {
    return this.images.clearBlob(ownerId, id);
  }

  /** Across owners, for the sweep: images whose expiry has passed. */
  listExpired(now: Date, limit: number): Promise<ImageRecord[]> {
    return this.images.listExpired(now, limit);
  }

  /** Re-dates every finished image of the owner `days` after it finished (null: keep). */
  setExpiryForAll(ownerId: string, days: number | null): Promise<void> {
    return this.images.setExpiryForAll(ownerId, days);
  }

  /** Makes every finished image of the owner due now. */
  expireAllNow(ownerId: string, now: Date): Promise<void> {
    return this.images.expireAllNow(ownerId, now);
  }

  /** Idempotency keys remember an upload's answer for a day; the sweep forgets them after. */
  async deleteExpiredIdempotencyKeys(now: Date): Promise<void> {
    await this.idempotencyKeys.deleteExpired(now);
  }
}
