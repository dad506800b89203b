import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { BullMqQueueDriver, redisConnection } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JobRegistry } from './job-registry';
import { QUEUE_DRIVER, QueueDriver } from './queue-driver';

function createQueueDriver(config: HubConfig): QueueDriver {
  const policy = { attempts: config.TAGPHOTO_JOB_ATTEMPTS, backoffMs: config.TAGPHOTO_JOB_BACKOFF_MS };
  return config.REDIS_URL
    ? new BullMqQueueDriver(redisConnection(config.REDIS_URL), policy, config.TAGPHOTO_JOB_LOCK_MS, config.TAGPHOTO_QUEUE_PREFIX)
    : new InProcessQueueDriver(policy);
}

// Global: the queue driver is the one seam every feature dispatches through, and handlers are found by discovery.
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: QUEUE_DRIVER, useFactory: createQueueDriver, inject: [HUB_CONFIG] }, JobRegistry],
  exports: [QUEUE_DRIVER],
})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
