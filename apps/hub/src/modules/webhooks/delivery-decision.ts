import { classifyStatus, delayAfterFailedAttempt } from './retry-schedule';

/**
 * What one attempt's answer means for its delivery and its endpoint. Pure: the service carries it out.
 * - delivered: 2xx; the endpoint is healthy again.
 * - gone: 410; the delivery fails for good and the endpoint is disabled at once.
 * - retry: any other answer or a network error with attempts left; the endpoint counts as failing.
 * - exhausted: the same with no attempt left; the endpoint counts as failing.
 */
export type DeliveryDecision =
  { kind: 'delivered' } | { kind: 'gone' } | { kind: 'retry'; delayMs: number } | { kind: 'exhausted' };

/** `attemptsMade` counts the attempt that just ended (1 after the first). */
export function decideAfterAttempt(status: number | undefined, attemptsMade: number): DeliveryDecision {
  const verdict = classifyStatus(status);
  if (verdict.kind === 'delivered') return { kind: 'delivered' };
  if (verdict.kind === 'gone') return { kind: 'gone' };
  const delayMs = delayAfterFailedAttempt(attemptsMade);
  return delayMs === undefined ? { kind: 'exhausted' } : { kind: 'retry', delayMs };
}

/** An endpoint whose every delivery has failed for `disableAfterMs` (five days by default) is switched off. */
export function shouldDisableFailingEndpoint(failingSince: Date, now: Date, disableAfterMs: number): boolean {
  return now.getTime() - failingSince.getTime() >= disableAfterMs;
}
