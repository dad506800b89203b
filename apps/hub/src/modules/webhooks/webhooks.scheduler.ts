import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';

/** Puts the webhook sweep on its timer wherever jobs run. */
@Injectable()
export class WebhooksScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ROLE !== 'api') await this.queue.schedule('webhook-sweep', this.config.TAGPHOTO_WEBHOOK_SWEEP_MS);
  }
}
