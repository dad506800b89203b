import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BlobStore } from '@tagphoto/privacy';
import { TaggingError } from '@tagphoto/tagging';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { BLOB_STORE } from '../../storage/storage.module';
import { ImageRecords, isFinished } from '../images/image-records.service';
import { ImageTaggingService } from './image-tagging.service';

/**
 * Tags one uploaded image. The image row is the source of truth: a deleted image is skipped and a finished one
 * only announced if its announcement is still owed, so a job delivered twice (retry, recovery after a crash) does
 * no harm. Errors in the image itself fail it at once; anything else is retried until the last attempt, which
 * records a readable error.
 */
@Injectable()
export class TagImageProcessor {
  private readonly logger = new Logger('tag-image');

  constructor(
    private readonly images: ImageRecords,
    private readonly tagging: ImageTaggingService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @JobHandler('tag-image')
  async tagImage(
    { imageId, ownerId }: JobPayloads['tag-image'],
    { attempt, isFinalAttempt }: JobContext,
  ): Promise<void> {
    const image = await this.images.get(ownerId, imageId);
    if (!image) return;
    if (isFinished(image.status)) {
      if (!image.announcedAt) await this.tagging.announce(ownerId, image);
      return;
    }
    if (!(await this.images.markProcessing(ownerId, imageId, attempt))) return;
    const bytes = image.blobKey ? await this.blobs.get(image.blobKey) : undefined;
    if (!bytes) {
      await this.tagging.fail(ownerId, image, 'The image bytes were gone before tagging finished; upload it again.');
      return;
    }
    try {
      await this.tagging.tag(ownerId, image, bytes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof TaggingError) && !isFinalAttempt) throw error;
      this.logger.warn(`image ${imageId} failed on attempt ${attempt}: ${message}`);
      await this.tagging.fail(
        ownerId,
        image,
        error instanceof TaggingError ? message : `Tagging failed after ${attempt} attempts: ${message}`,
      );
    }
  }
}
