/** Every background job the hub runs, with its typed payload. Adding a job = one line here + one @JobHandler. */
export interface JobPayloads {
  'tag-image': { imageId: string; ownerId: string };
  'retention-sweep': Record<string, never>;
  'webhook-deliver': { deliveryId: string; ownerId: string };
  'webhook-sweep': Record<string, never>;
  'drive-sync': { ownerId: string; connectionId: string };
  'drive-backfill': { ownerId: string; connectionId: string; folderId: string };
  'drive-channel-renewal': Record<string, never>;
  'drive-resync': Record<string, never>;
  'shopify-product': { ownerId: string; connectionId: string; productId: string };
  'shopify-backfill': { ownerId: string; connectionId: string; step: string };
  'slack-tag': { ownerId: string; connectionId: string; request: string };
}

export type JobName = keyof JobPayloads;
export const JOB_NAMES: readonly JobName[] = ['tag-image', 'retention-sweep', 'webhook-deliver', 'webhook-sweep', 'drive-sync', 'drive-backfill', 'drive-channel-renewal', 'drive-resync', 'shopify-product', 'shopify-backfill', 'slack-tag'];

/** Jobs that run on a timer rather than being dispatched. */
export type ScheduledJobName = { [N in JobName]: JobPayloads[N] extends Record<string, never> ? N : never }[JobName];

/** One queue per job name keeps BullMQ's per-queue concurrency meaningful. */
export const queueNameOf = (name: JobName): string => `tagphoto-${name}`;

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  /** True when a failure now will not be retried: the handler records the failure for good. */
  isFinalAttempt: boolean;
}

export type JobHandlerFn<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<void>;

export interface RetryPolicy {
  attempts: number;
  /** Delay before retry n (n ≥ 1) is backoffMs · 2^(n−1). */
  backoffMs: number;
}

export const retryDelay = (policy: RetryPolicy, failedAttempt: number): number =>
  policy.backoffMs * 2 ** (failedAttempt - 1);
