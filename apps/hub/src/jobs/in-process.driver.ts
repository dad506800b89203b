import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { JobHandlerFn, JobName, JobPayloads, RetryPolicy, retryDelay, ScheduledJobName } from './job-types';
import type { DispatchOptions, QueueDriver } from './queue-driver';

interface PendingJob {
  name: JobName;
  id: string;
  payload: unknown;
  attempt: number;
}

/**
 * Runs jobs inside this process, for the embedded default: a FIFO with bounded concurrency and the same
 * retries and backoff as BullMQ. Nothing survives a crash here; the database's image status does, and the
 * hub dispatches unfinished images again on boot.
 */
export class InProcessQueueDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('in-process-queue');
  private readonly handlers = new Map<JobName, JobHandlerFn<JobName>>();
  private readonly waiting: PendingJob[] = [];
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Jobs dispatched with a delay that has not passed yet, by key. */
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly finished = new EventEmitter();
  private running = 0;
  private concurrency = 0;
  private closed = false;

  constructor(private readonly policy: RetryPolicy) {
    this.finished.setMaxListeners(0);
  }

  async dispatch<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    options: DispatchOptions = {},
  ): Promise<void> {
    const key = `${name}:${jobId}`;
    if (this.closed || this.known.has(key)) return;
    this.known.add(key);
    const job: PendingJob = { name, id: jobId, payload, attempt: 1 };
    if (!options.delayMs || options.delayMs <= 0) {
      this.waiting.push(job);
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed.delete(key);
      this.waiting.push(job);
      this.pump();
    }, options.delayMs);
    timer.unref();
    this.timers.add(timer);
    this.delayed.set(key, timer);
  }

  async cancel(name: JobName, jobId: string): Promise<void> {
    const key = `${name}:${jobId}`;
    const timer = this.delayed.get(key);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.delayed.delete(key);
      this.known.delete(key);
      this.finished.emit(key);
      return;
    }
    const index = this.waiting.findIndex((job) => job.name === name && job.id === jobId);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    this.known.delete(`${name}:${jobId}`);
    this.finished.emit(`${name}:${jobId}`);
  }

  async schedule(name: ScheduledJobName, everyMs: number): Promise<void> {
    let run = 0;
    const timer = setInterval(() => void this.dispatch(name, {}, `scheduled-${++run}`), everyMs);
    timer.unref();
    this.timers.add(timer);
  }

  handle<N extends JobName>(name: N, handler: JobHandlerFn<N>): void {
    this.handlers.set(name, handler as JobHandlerFn<JobName>);
  }

  async startWorkers(concurrency: number): Promise<void> {
    this.concurrency = concurrency;
    this.pump();
  }

  waitUntilFinished(name: JobName, jobId: string, timeoutMs: number): Promise<void> {
    const key = `${name}:${jobId}`;
    if (!this.known.has(key)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.finished.once(key, done);
    });
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('queue closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: PendingJob): Promise<void> {
    const key = `${job.name}:${job.id}`;
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler registered for job ${job.name}`);
    const isFinalAttempt = job.attempt >= this.policy.attempts;
    try {
      await handler(job.payload as JobPayloads[JobName], { attempt: job.attempt, isFinalAttempt });
    } catch (error) {
      if (!isFinalAttempt && !this.closed) {
        this.logger.warn(`${key} failed on attempt ${job.attempt}, retrying: ${(error as Error).message}`);
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.waiting.push({ ...job, attempt: job.attempt + 1 });
            this.pump();
          },
          retryDelay(this.policy, job.attempt),
        );
        this.timers.add(timer);
        return;
      }
      this.logger.error(`${key} failed for good: ${(error as Error).message}`);
    }
    this.known.delete(key);
    this.finished.emit(key);
  }
}
