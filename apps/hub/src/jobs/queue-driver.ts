import type { JobHandlerFn, JobName, JobPayloads, ScheduledJobName } from './job-types';

/**
 * The seam between the hub and where jobs run: BullMQ on Redis in server mode, in-process in the embedded
 * default. Both run the same handlers with the same retry policy.
 */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  /** Idempotent: a job id already waiting (or delayed) or running is not queued twice. */
  dispatch<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    options?: DispatchOptions,
  ): Promise<void>;
  /** Removes a job that has not started; a running one finishes (its handler finds its data gone). */
  cancel(name: JobName, jobId: string): Promise<void>;
  /** Runs a payload-less job every `everyMs` (one schedule per name across all processes). */
  schedule(name: ScheduledJobName, everyMs: number): Promise<void>;
  /** Registers the handler of a job name; only processes that run workers start consuming. */
  handle<N extends JobName>(name: N, handler: JobHandlerFn<N>): void;
  startWorkers(concurrency: number): Promise<void>;
  /** Resolves when the job finished (either way) or the timeout passed; the caller reads the outcome from the database. */
  waitUntilFinished(name: JobName, jobId: string, timeoutMs: number): Promise<void>;
  /** Queue health for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DispatchOptions {
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
