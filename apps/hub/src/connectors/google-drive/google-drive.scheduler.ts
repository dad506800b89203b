import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { GoogleDriveClient } from './google-drive.client';

/** Puts channel renewal and the safety-net re-sync on their timers, where jobs run and Google is configured. */
@Injectable()
export class GoogleDriveScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly client: GoogleDriveClient,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ROLE === 'api' || !this.client.configured) return;
    await this.queue.schedule('drive-channel-renewal', this.config.GOOGLE_DRIVE_RENEW_EVERY_MS);
    await this.queue.schedule('drive-resync', this.config.GOOGLE_DRIVE_RESYNC_MS);
  }
}
