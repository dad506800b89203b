import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { JobHandler, type JobSchedule } from './job-handler.decorator';
import { JobRegistry } from './job-registry';
import { JOB_NAMES, type JobName, type ScheduledJobName } from './job-types';
import { QUEUE_DRIVER } from './queue-driver';

const SCHEDULES: Partial<Record<ScheduledJobName, JobSchedule>> = {
  'retention-sweep': { every: (config) => config.TAGPHOTO_RETENTION_SWEEP_MS },
  'webhook-sweep': { every: () => 5000 },
  // A schedule that is off in this configuration (an unconfigured connector).
  'drive-resync': { every: () => undefined },
};

/** One handler for every job, scheduled ones with the schedules above, as the feature services declare them. */
class EveryJob {}
for (const name of JOB_NAMES) {
  const descriptor = { value: async (): Promise<void> => undefined, writable: true, configurable: true };
  Object.defineProperty(EveryJob.prototype, name, descriptor);
  const schedule = SCHEDULES[name as ScheduledJobName];
  const decorate = schedule
    ? JobHandler(name as ScheduledJobName, schedule)
    : JobHandler(name as Exclude<JobName, ScheduledJobName>);
  decorate(EveryJob.prototype, name, descriptor);
}

async function boot(role: HubConfig['HUB_ROLE']) {
  const driver = { handle: jest.fn(), startWorkers: jest.fn(), schedule: jest.fn() };
  const config = {
    HUB_ROLE: role,
    TAGPHOTO_WORKER_CONCURRENCY: 2,
    TAGPHOTO_RETENTION_SWEEP_MS: 60_000,
  } as unknown as HubConfig;
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      JobRegistry,
      EveryJob,
      { provide: QUEUE_DRIVER, useValue: driver },
      { provide: HUB_CONFIG, useValue: config },
    ],
  }).compile();
  await module.init();
  return { driver, module };
}

describe('JobRegistry: the one scheduler', () => {
  it('puts every declared schedule on the queue driver where workers run, with its configured period', async () => {
    const { driver, module } = await boot('worker');
    expect(driver.startWorkers).toHaveBeenCalledWith(2);
    expect(driver.schedule.mock.calls.sort()).toEqual([
      ['retention-sweep', 60_000],
      ['webhook-sweep', 5000],
    ]);
    await module.close();
  });

  it('schedules the same in a process that serves HTTP and runs workers (all)', async () => {
    const { driver, module } = await boot('all');
    expect(driver.schedule).toHaveBeenCalledTimes(2);
    await module.close();
  });

  it('schedules nothing and starts no worker in an API-only process', async () => {
    const { driver, module } = await boot('api');
    expect(driver.startWorkers).not.toHaveBeenCalled();
    expect(driver.schedule).not.toHaveBeenCalled();
    expect(driver.handle).toHaveBeenCalledTimes(JOB_NAMES.length);
    await module.close();
  });
});
