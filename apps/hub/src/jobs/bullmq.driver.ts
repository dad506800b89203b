import { Logger } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { JobHandlerFn, JobName, JobPayloads, JOB_NAMES, RetryPolicy, queueNameOf, ScheduledJobName } from './job-types';
import type { DispatchOptions, QueueDriver } from './queue-driver';

/** Connection options (not a shared client) so each Queue/Worker owns and closes its own connection. */
export function redisConnection(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Producers fail a command after a few reconnect attempts instead of waiting for Redis forever. */
const PRODUCER = { maxRetriesPerRequest: 2 };
/** Workers block on Redis by design; BullMQ requires them to retry for ever. */
const CONSUMER = { maxRetriesPerRequest: null };

/** Jobs on Redis with BullMQ: survives restarts, spreads work over many worker processes and machines. */
export class BullMqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('bullmq');
  private readonly queues = new Map<JobName, Queue>();
  private readonly events = new Map<JobName, QueueEvents>();
  private readonly handlers = new Map<JobName, JobHandlerFn<JobName>>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: RedisOptions,
    private readonly policy: RetryPolicy,
    /** How long a worker holds a job before another may take it over (a killed worker's job is retried after this). */
    private readonly lockMs: number,
    /** Key prefix, so test runs and deployments sharing one Redis stay apart. */
    private readonly prefix = 'tagphoto',
    /** How often schedules are written again: a Redis that restarts empty forgets them. */
    private readonly scheduleRefreshMs = 60_000,
  ) {}

  private readonly schedules = new Map<ScheduledJobName, number>();
  private scheduleTimer?: NodeJS.Timeout;

  async dispatch<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    options: DispatchOptions = {},
  ): Promise<void> {
    const queue = this.queue(name);
    const add = () =>
      queue.add(name, payload, {
        jobId,
        delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined,
        attempts: this.policy.attempts,
        backoff: { type: 'exponential', delay: this.policy.backoffMs },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 24 * 3600 },
      });
    // BullMQ ignores an id it still keeps as finished; dispatching it again means it must run again (e.g. a job
    // that used up its attempts during a database outage), so the finished record makes way.
    const job = await add();
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      await job.remove();
      await add();
    }
  }

  async cancel(name: JobName, jobId: string): Promise<void> {
    const job = await this.queue(name).getJob(jobId);
    const state = job ? await job.getState() : undefined;
    if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) await job.remove();
  }

  async schedule(name: ScheduledJobName, everyMs: number): Promise<void> {
    this.schedules.set(name, everyMs);
    await this.writeSchedule(name, everyMs);
    this.scheduleTimer ??= setInterval(() => void this.writeSchedules(), this.scheduleRefreshMs);
    this.scheduleTimer.unref();
  }

  handle<N extends JobName>(name: N, handler: JobHandlerFn<N>): void {
    this.handlers.set(name, handler as JobHandlerFn<JobName>);
  }

  async startWorkers(concurrency: number): Promise<void> {
    for (const name of JOB_NAMES) {
      const handler = this.handlers.get(name);
      if (!handler) throw new Error(`No handler registered for job ${name}`);
      const worker = new Worker(
        queueNameOf(name),
        async (job: Job) => {
          const attempt = job.attemptsMade + 1;
          await handler(job.data as JobPayloads[JobName], { attempt, isFinalAttempt: attempt >= this.policy.attempts });
        },
        {
          connection: { ...this.connection, ...CONSUMER },
          prefix: this.prefix,
          concurrency,
          lockDuration: this.lockMs,
          stalledInterval: Math.max(1000, Math.floor(this.lockMs / 2)),
        },
      );
      worker.on('failed', (job, error) =>
        this.logger.warn(`${name} ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`),
      );
      worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
      this.workers.push(worker);
    }
  }

  async waitUntilFinished(name: JobName, jobId: string, timeoutMs: number): Promise<void> {
    const job = await this.queue(name).getJob(jobId);
    if (!job) return;
    let events = this.events.get(name);
    if (!events) {
      events = new QueueEvents(queueNameOf(name), {
        connection: { ...this.connection, ...CONSUMER },
        prefix: this.prefix,
      });
      this.events.set(name, events);
      await events.waitUntilReady();
    }
    // Failed and timed-out waits are fine: the caller reads the image's status from the database either way.
    await job.waitUntilFinished(events, timeoutMs).catch(() => undefined);
  }

  async ping(): Promise<void> {
    // BullMQ types its client narrowly; underneath it is an ioredis client.
    const client = (await this.queue('tag-image').client) as unknown as Redis;
    await client.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.scheduleTimer);
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.events.values()].map((events) => events.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /** Upserting is idempotent, so writing every schedule again is safe; Redis being away just waits for the next round. */
  private async writeSchedules(): Promise<void> {
    for (const [name, everyMs] of this.schedules) {
      await this.writeSchedule(name, everyMs).catch((error: Error) =>
        this.logger.warn(`could not write schedule ${name}: ${error.message}`),
      );
    }
  }

  private writeSchedule(name: ScheduledJobName, everyMs: number): Promise<unknown> {
    return this.queue(name).upsertJobScheduler(name, { every: everyMs }, { name, data: {} });
  }

  private queue(name: JobName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(queueNameOf(name), { connection: { ...this.connection, ...PRODUCER }, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }
}
