import { classifyStatus, delayAfterFailedAttempt, RETRY_SCHEDULE_MS } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('makes 8 attempts: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h', () => {
    expect(RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it('waits 5 s after the first failure and gives up after the eighth', () => {
    expect(delayAfterFailedAttempt(1)).toBe(5000);
    expect(delayAfterFailedAttempt(7)).toBe(10 * 3600_000);
    expect(delayAfterFailedAttempt(8)).toBeUndefined();
  });

  it('counts any 2xx as delivered, 410 as gone, and everything else as a failure to retry', () => {
    expect([200, 204, 299].map((status) => classifyStatus(status).kind)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(classifyStatus(410).kind).toBe('gone');
    expect([301, 400, 404, 500, 503, undefined].map((status) => classifyStatus(status).kind)).toEqual(
      Array(6).fill('failed'),
    );
  });
});
