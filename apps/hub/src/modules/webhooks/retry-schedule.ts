const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Svix's schedule: the delay before each attempt, the first one immediate; 8 attempts over about 28 hours. */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** The wait before the next attempt after `attemptsMade` attempts failed; undefined when none is left. */
export const delayAfterFailedAttempt = (attemptsMade: number): number | undefined => RETRY_SCHEDULE_MS[attemptsMade];

export type AttemptOutcome =
  | { kind: 'delivered' }
  /** 410 Gone: the receiver asks for no more deliveries. */
  | { kind: 'gone' }
  | { kind: 'failed' };

/** 2xx is success; 410 stops the endpoint; anything else, network errors included, is retried. */
export function classifyStatus(status: number | undefined): AttemptOutcome {
  if (status !== undefined && status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  return { kind: 'failed' };
}
