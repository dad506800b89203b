import { SetMetadata } from '@nestjs/common';
import type { HubConfig } from '../config/config.schema';
import type { JobName, ScheduledJobName } from './job-types';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/**
 * How often a scheduled job runs, read from the configuration at boot; undefined leaves it off (e.g. a connector
 * that is not configured). JobRegistry puts every schedule on the queue driver where workers run.
 */
export interface JobSchedule {
  every: (config: HubConfig) => number | undefined;
}

export interface JobHandlerMetadata {
  name: JobName;
  schedule?: JobSchedule;
}

/**
 * Marks a service method as the handler of a job; discovered at boot by JobRegistry. A payload-less job runs on a
 * timer and must say how often: one scheduler for all of them, BullMQ repeatables in server mode, the in-process
 * driver's timer in embedded mode, only in processes that run workers.
 */
export function JobHandler<N extends Exclude<JobName, ScheduledJobName>>(name: N): MethodDecorator;
export function JobHandler<N extends ScheduledJobName>(name: N, schedule: JobSchedule): MethodDecorator;
export function JobHandler(name: JobName, schedule?: JobSchedule): MethodDecorator {
  return SetMetadata(JOB_HANDLER, { name, schedule } satisfies JobHandlerMetadata);
}
