import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { JOB_HANDLER, type JobHandlerMetadata, type JobSchedule } from './job-handler.decorator';
import { JOB_NAMES, JobHandlerFn, JobName, type ScheduledJobName } from './job-types';
import { QUEUE_DRIVER, QueueDriver } from './queue-driver';

export class JobWiringError extends Error {}

/**
 * Finds every @JobHandler method at boot and hands it to the queue driver. The boot fails when a job has no
 * handler or two, so a job can never be queued that nothing would run. Where workers run (HUB_ROLE worker or
 * all), it also puts every scheduled job on the driver's timer: the one scheduler of the hub.
 */
@Injectable()
export class JobRegistry implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  private readonly schedules = new Map<ScheduledJobName, JobSchedule>();

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    const handlers = new Map<JobName, JobHandlerFn<JobName>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const metadata = this.reflector.get<JobHandlerMetadata | undefined>(
          JOB_HANDLER,
          instance[method] as () => unknown,
        );
        if (!metadata) continue;
        const { name, schedule } = metadata;
        if (schedule) this.schedules.set(name as ScheduledJobName, schedule);
        found.set(name, [...(found.get(name) ?? []), `${wrapper.name}.${method}`]);
        handlers.set(name, (instance[method] as JobHandlerFn<JobName>).bind(instance));
      }
    }
    assertOneHandlerEach(found);
    for (const [name, handler] of handlers) this.driver.handle(name, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ROLE === 'api') return;
    await this.driver.startWorkers(this.config.TAGPHOTO_WORKER_CONCURRENCY);
    for (const [name, schedule] of this.schedules) {
      const everyMs = schedule.every(this.config);
      if (everyMs !== undefined) await this.driver.schedule(name, everyMs);
    }
  }
}

export function assertOneHandlerEach(found: ReadonlyMap<JobName, string[]>): void {
  const problems: string[] = [];
  for (const name of JOB_NAMES) {
    const places = found.get(name) ?? [];
    if (places.length === 0) problems.push(`job "${name}" has no @JobHandler`);
    if (places.length > 1) problems.push(`job "${name}" has ${places.length} handlers: ${places.join(', ')}`);
  }
  if (problems.length > 0) throw new JobWiringError(`Job wiring is broken: ${problems.join('; ')}`);
}
