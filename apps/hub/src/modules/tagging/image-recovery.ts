import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ImageRepository } from '../images/image.repository';

/**
 * On boot, dispatches again every image a crash or restart left queued or processing. Dispatch is idempotent
 * by job id, so images whose jobs are still alive in the queue are not tagged twice.
 */
@Injectable()
export class ImageRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('image-recovery');

  constructor(
    private readonly images: ImageRepository,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.images.listUnfinished();
    for (const image of unfinished) {
      await this.queue.dispatch('tag-image', { imageId: image.id, ownerId: image.ownerId }, image.id);
    }
    if (unfinished.length > 0) this.logger.log(`dispatched ${unfinished.length} unfinished image(s) again`);
  }
}
