import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  GuessingBackoff,
  guessingDelayMs,
  GuessingPolicy,
  MemoryGuessStore,
  RedisGuessStore,
} from './guessing-backoff';

const policy: GuessingPolicy = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };
const start = Date.parse('2026-03-01T10:00:00.000Z');

describe('guessingDelayMs', () => {
  it('waits nothing during the free attempts, then doubles up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((failures) => guessingDelayMs(failures, policy))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});

describe('GuessingBackoff with the memory store', () => {
  it('makes an account wait after its free attempts, whoever guesses, until a right password clears it', async () => {
    const backoff = new GuessingBackoff(new MemoryGuessStore(), policy);
    for (let i = 0; i < 3; i++) {
      expect(await backoff.waitMs('account-a', start)).toBe(0);
      await backoff.failed('account-a', start);
    }
    expect(await backoff.waitMs('account-a', start + 200)).toBe(800);
    expect(await backoff.waitMs('account-b', start + 200)).toBe(0);
    expect(await backoff.waitMs('account-a', start + 1000)).toBe(0);
    await backoff.failed('account-a', start + 1000);
    expect(await backoff.waitMs('account-a', start + 1000)).toBe(2000);
    await backoff.succeeded('account-a');
    expect(await backoff.waitMs('account-a', start + 1000)).toBe(0);
  });

  it('forgets an account that stayed quiet long enough, and holds a bounded number of accounts', async () => {
    const store = new MemoryGuessStore(2);
    const backoff = new GuessingBackoff(store, policy);
    for (let i = 0; i < 4; i++) await backoff.failed('account-a', start);
    expect(await backoff.waitMs('account-a', start + 59_000)).toBe(0);
    expect(await store.read('account-a', start + 59_000)).toEqual({ failures: 4, lastFailureAt: start });
    expect(await store.read('account-a', start + 60_000)).toBeUndefined();
    await backoff.failed('account-b', start);
    await backoff.failed('account-c', start);
    expect(await store.read('account-a', start)).toBeUndefined();
    expect(await store.read('account-c', start)).toEqual({ failures: 1, lastFailureAt: start });
  });
});

describe('GuessingBackoff with the Redis store', () => {
  it('shares the count between hub instances and expires it after the quiet period', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const prefix = `tagphoto-test:guesses:${randomBytes(6).toString('hex')}:`;
    try {
      const first = new GuessingBackoff(new RedisGuessStore(redis, prefix), policy);
      const second = new GuessingBackoff(new RedisGuessStore(redis, prefix), policy);
      await Promise.all([
        first.failed('account-a', start),
        second.failed('account-a', start),
        first.failed('account-a', start),
      ]);
      expect(await second.waitMs('account-a', start + 100)).toBe(900);
      const ttl = await redis.pttl(`${prefix}account-a`);
      expect(ttl).toBeGreaterThan(59_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await second.succeeded('account-a');
      expect(await first.waitMs('account-a', start + 100)).toBe(0);
      expect(await redis.exists(`${prefix}account-a`)).toBe(0);
    } finally {
      await redis.quit();
    }
  });
});
