import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ImageRecords, isFinished } from '../images/image-records.service';

/**
 * Dispatches again every image a crash, a restart or an outage left queued or processing, or finished but not
 * announced: all of them at boot (in every process), then, on the scheduled `image-recovery` job, those untouched
 * for longer than a worker may hold a job (a Redis restart loses queued jobs; a database outage can exhaust a
 * job's retries). Dispatch is idempotent by job
 * id and the tag-image handler only announces finished images, so nothing is tagged twice.
 */
@Injectable()
export class ImageRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('image-recovery');

  constructor(
    private readonly images: ImageRecords,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recover(this.clock.now()).catch((error: Error) =>
      this.logger.warn(`recovery at boot failed: ${error.message}`),
    );
  }

  /** Dispatches the unsettled images last touched before `staleBefore`; returns how many. */
  async recover(staleBefore: Date): Promise<number> {
    const unsettled = await this.images.listUnsettled(staleBefore);
    for (const image of unsettled) {
      // A finished image's own job id may still name its completed job, which would swallow the dispatch.
      const jobId = isFinished(image.status) ? `${image.id}.announce` : image.id;
      await this.queue.dispatch('tag-image', { imageId: image.id, ownerId: image.ownerId }, jobId);
    }
    if (unsettled.length > 0)
      this.logger.log(`dispatched ${unsettled.length} unfinished or unannounced image(s) again`);
    return unsettled.length;
  }

  /** The periodic pass, on the hub's one scheduler where workers run. */
  @JobHandler('image-recovery', { every: (config) => config.TAGPHOTO_RECOVERY_INTERVAL_MS })
  async tick(): Promise<void> {
    const staleBefore = new Date(this.clock.now().getTime() - 2 * this.config.TAGPHOTO_JOB_LOCK_MS);
    await this.recover(staleBefore).catch((error: Error) =>
      this.logger.warn(`recovery failed, will retry: ${error.message}`),
    );
  }
}
