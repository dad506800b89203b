import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BlobStore } from '@tagphoto/privacy';
import { TaggingEngine, TaggingError } from '@tagphoto/tagging';
import type { Language } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { BLOB_STORE } from '../../storage/storage.module';
import { ImageRepository } from '../images/image.repository';
import { RetentionService } from '../privacy/retention.service';
import { TAGGING_ENGINE } from './tagging-engine.token';

/**
 * Tags one image. The image row is the source of truth: a finished or deleted image is skipped, so a job
 * delivered twice (retry, recovery after a crash) does no harm. Errors in the image itself fail it at once;
 * anything else is retried until the last attempt, which records a readable error.
 */
@Injectable()
export class TagImageProcessor {
  private readonly logger = new Logger('tag-image');

  constructor(
    private readonly images: ImageRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(TAGGING_ENGINE) private readonly engine: TaggingEngine,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  @JobHandler('tag-image')
  async tagImage({ imageId, ownerId }: JobPayloads['tag-image'], { attempt, isFinalAttempt }: JobContext): Promise<void> {
    const image = await this.images.get(ownerId, imageId);
    if (!image || !(await this.images.markProcessing(ownerId, imageId, attempt))) return;
    const bytes = image.blobKey ? await this.blobs.get(image.blobKey) : undefined;
    if (!bytes) {
      await this.images.markFailed(ownerId, imageId, 'The image bytes were gone before tagging finished; upload it again.', this.clock.now());
      return;
    }
    try {
      const result = await this.engine.analyze(bytes, { language: image.language as Language });
      await this.images.markDone(ownerId, imageId, result, result.models.engine ?? 'unknown', this.clock.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof TaggingError) && !isFinalAttempt) throw error;
      this.logger.warn(`image ${imageId} failed on attempt ${attempt}: ${message}`);
      const reason = error instanceof TaggingError ? message : `Tagging failed after ${attempt} attempts: ${message}`;
      await this.images.markFailed(ownerId, imageId, reason, this.clock.now());
    }
    await this.retention.afterTagging(ownerId, image, this.clock.now());
  }
}
