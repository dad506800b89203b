import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BlobStore } from '@tagphoto/privacy';
import { Clock } from '../../common/clock';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { BLOB_STORE } from '../../storage/storage.module';
import { type ImageRecord, ImageRecords } from '../images/image-records.service';
import { ImageRetention } from '../images/image-retention.service';
import { UsageLog } from '../usage/usage-log.service';
import { PrivacySettingsRepository } from './privacy-settings.repository';
import { decideAfterTagging, decideExpired } from './retention-decision';

const SWEEP_BATCH = 200;

/**
 * Keeps the owner's retention promise: bytes of unstored images are gone when their job ends, bytes kept
 * for N days are deleted on time (with their results when the owner asked), API request logs expire.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('retention');

  constructor(
    private readonly images: ImageRetention,
    private readonly records: ImageRecords,
    private readonly settings: PrivacySettingsRepository,
    private readonly usage: UsageLog,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Called when an image's job ends, done or failed: deletes bytes due now, dates what is due later. An image tagged
   * again keeps the date its first tagging set when that is sooner: re-tagging never extends how long bytes are kept.
   */
  async afterTagging(
    ownerId: string,
    image: Pick<ImageRecord, 'id' | 'stored' | 'blobKey'>,
    finishedAt: Date,
  ): Promise<void> {
    const settings = await this.settings.get(ownerId);
    if (!settings) return;
    const decision = decideAfterTagging(settings.retention, { stored: image.stored, finishedAt });
    if (decision.deleteBytesNow && image.blobKey) {
      await this.blobs.delete(image.blobKey);
      await this.images.clearBlob(ownerId, image.id);
    }
    const dated = decision.expiresAt && (await this.records.get(ownerId, image.id))?.expiresAt;
    const expiresAt = dated && decision.expiresAt && dated < decision.expiresAt ? dated : decision.expiresAt;
    await this.images.setExpiry(ownerId, image.id, expiresAt);
  }

  /** Deletes whatever is due. Runs on a schedule; safe to run concurrently and repeatedly. */
  @JobHandler('retention-sweep', { every: (config) => config.TAGPHOTO_RETENTION_SWEEP_MS })
  async sweep(): Promise<{ images: number; results: number; usageRecords: number }> {
    const now = this.clock.now();
    let images = 0;
    let results = 0;
    for (;;) {
      const due = await this.images.listExpired(now, SWEEP_BATCH);
      for (const image of due) {
        const settings = await this.settings.get(image.ownerId);
        const facts = { stored: image.stored, finishedAt: image.finishedAt ?? image.createdAt };
        const decision = decideExpired(settings?.retention, facts, now);
        if (image.blobKey) await this.blobs.delete(image.blobKey);
        if (decision.kind === 'delete-image') {
          await this.records.delete(image.ownerId, image.id);
          results++;
        } else {
          await this.images.clearBlob(image.ownerId, image.id);
          await this.images.setExpiry(image.ownerId, image.id, decision.resultExpiresAt);
        }
        images++;
      }
      if (due.length < SWEEP_BATCH) break;
    }
    const usageRecords = await this.usage.deleteExpired(now);
    await this.images.deleteExpiredIdempotencyKeys(now);
    if (images + usageRecords > 0)
      this.logger.log(`deleted ${images} image(s) (${results} with results), ${usageRecords} usage record(s)`);
    return { images, results, usageRecords };
  }
}
