import { decideAfterAttempt, shouldDisableFailingEndpoint } from './delivery-decision';
import { RETRY_SCHEDULE_MS } from './retry-schedule';

describe('decideAfterAttempt', () => {
  it('calls any 2xx answer delivered, on any attempt', () => {
    expect(decideAfterAttempt(200, 1)).toEqual({ kind: 'delivered' });
    expect(decideAfterAttempt(204, 8)).toEqual({ kind: 'delivered' });
    expect(decideAfterAttempt(299, 3)).toEqual({ kind: 'delivered' });
  });

  it('stops at 410 Gone without another attempt, even with attempts left', () => {
    expect(decideAfterAttempt(410, 1)).toEqual({ kind: 'gone' });
  });

  it('retries other answers and network errors after the next delay of the schedule', () => {
    expect(decideAfterAttempt(500, 1)).toEqual({ kind: 'retry', delayMs: RETRY_SCHEDULE_MS[1] });
    expect(decideAfterAttempt(undefined, 2)).toEqual({ kind: 'retry', delayMs: RETRY_SCHEDULE_MS[2] });
    expect(decideAfterAttempt(301, 3)).toEqual({ kind: 'retry', delayMs: RETRY_SCHEDULE_MS[3] });
    expect(decideAfterAttempt(404, 7)).toEqual({ kind: 'retry', delayMs: RETRY_SCHEDULE_MS[7] });
  });

  it('gives up after the eighth failed attempt', () => {
    expect(RETRY_SCHEDULE_MS).toHaveLength(8);
    expect(decideAfterAttempt(503, 8)).toEqual({ kind: 'exhausted' });
    expect(decideAfterAttempt(undefined, 9)).toEqual({ kind: 'exhausted' });
  });
});

describe('shouldDisableFailingEndpoint', () => {
  const fiveDays = 5 * 24 * 60 * 60 * 1000;
  const since = new Date('2026-01-01T00:00:00Z');

  it('keeps an endpoint that has been failing for less than the limit', () => {
    expect(shouldDisableFailingEndpoint(since, new Date(since.getTime() + fiveDays - 1), fiveDays)).toBe(false);
  });

  it('disables it once the limit is reached', () => {
    expect(shouldDisableFailingEndpoint(since, new Date(since.getTime() + fiveDays), fiveDays)).toBe(true);
    expect(shouldDisableFailingEndpoint(since, new Date(since.getTime() + 2 * fiveDays), fiveDays)).toBe(true);
  });
});
