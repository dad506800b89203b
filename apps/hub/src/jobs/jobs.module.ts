import { BeforeApplicationShutdown, Global, Inject, Module } from '@nestjs/common';
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
    ? new BullMqQueueDriver(
        redisConnection(config.REDIS_URL),
        policy,
        config.TAGPHOTO_JOB_LOCK_MS,
        config.TAGPHOTO_QUEUE_PREFIX,
      )
    : new InProcessQueueDriver(policy);
}

// Global: the queue driver is the one seam every feature dispatches through, and handlers are found by discovery.
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: QUEUE_DRIVER, useFactory: createQueueDriver, inject: [HUB_CONFIG] }, JobRegistry],
  exports: [QUEUE_DRIVER],
})
export class JobsModule implements BeforeApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  /** Before anything closes: running jobs finish while the engine, database and queue they use are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
