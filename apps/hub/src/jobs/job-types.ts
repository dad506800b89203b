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
  /** Writes an image's approved or person-edited alt text back to the connector item it came from. */
  'review-publish': { ownerId: string; imageId: string };
  'image-recovery': Record<string, never>;
}

export type JobName = keyof JobPayloads;
/**
 * Every job name once more, as a value: the compiler checks this map has exactly the keys of JobPayloads, so a job
 * added there and not here (or the reverse) does not build. Workers and the boot-time handler check iterate it.
 */
const EVERY_JOB: { [N in JobName]: true } = {
  'tag-image': true,
  'retention-sweep': true,
  'webhook-deliver': true,
  'webhook-sweep': true,
  'drive-sync': true,
  'drive-backfill': true,
  'drive-channel-renewal': true,
  'drive-resync': true,
  'shopify-product': true,
  'shopify-backfill': true,
  'slack-tag': true,
  'review-publish': true,
  'image-recovery': true,
};
export const JOB_NAMES = Object.keys(EVERY_JOB) as readonly JobName[];

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
