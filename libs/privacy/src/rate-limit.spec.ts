import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  InvalidRateLimitError,
  MemoryRateLimitStore,
  RateLimiter,
  rateLimitHeaders,
  RedisRateLimitStore,
} from './rate-limit';

const MINUTE = 60_000;
const start = Date.parse('2026-03-01T10:00:00.000Z');

async function hits(limiter: RateLimiter, key: string, count: number, now: number) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await limiter.hit(key, 3, MINUTE, now));
  return results;
}

describe('RateLimiter with the memory store', () => {
  it('allows the limit within a window and refuses the next hit until the window ends', async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore());
    const results = await hits(limiter, 'key-a', 4, start + 15_000);
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]).toEqual({ allowed: false, closed: false, limit: 3, remaining: 0, resetMs: 45_000 });
    expect(await limiter.hit('key-a', 3, MINUTE, start + MINUTE - 1)).toMatchObject({ allowed: false, resetMs: 1 });
    expect(await limiter.hit('key-a', 3, MINUTE, start + MINUTE)).toEqual({
      allowed: true,
      closed: false,
      limit: 3,
      remaining: 2,
      resetMs: MINUTE,
    });
  });

  it('counts each key separately', async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore());
    await hits(limiter, 'key-a', 3, start);
    expect(await limiter.hit('key-b', 3, MINUTE, start)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await limiter.hit('key-a', 3, MINUTE, start)).toMatchObject({ allowed: false });
  });

  it('refuses everything under a limit of zero and rejects nonsense parameters', async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore());
    expect(await limiter.hit('key-a', 0, MINUTE, start)).toMatchObject({ allowed: false, remaining: 0 });
    await expect(limiter.hit('key-a', -1, MINUTE, start)).rejects.toThrow(InvalidRateLimitError);
    await expect(limiter.hit('key-a', 3, 0, start)).rejects.toThrow(InvalidRateLimitError);
    await expect(limiter.hit('key-a', 2.5, MINUTE, start)).rejects.toThrow(InvalidRateLimitError);
  });

  it('refuses a closed key whatever its count until the close ends, without counting the refused hits', async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore());
    await limiter.hit('key-a', 3, MINUTE, start);
    await limiter.close('key-a', 30_000, start + 1000);
    expect(await limiter.hit('key-a', 3, MINUTE, start + 1000)).toMatchObject({ allowed: false, closed: true });
    expect(await limiter.hit('key-a', 3, MINUTE, start + 30_999)).toMatchObject({ allowed: false, closed: true });
    expect(await limiter.hit('key-b', 3, MINUTE, start + 1000)).toMatchObject({ allowed: true, closed: false });
    expect(await limiter.hit('key-a', 3, MINUTE, start + 31_000)).toMatchObject({
      allowed: true,
      closed: false,
      remaining: 1,
    });
  });

  it('evicts ended windows first and never holds more windows than its bound', async () => {
    const store = new MemoryRateLimitStore(100);
    const limiter = new RateLimiter(store);
    for (let i = 0; i < 60; i++) await limiter.hit(`short-${i}`, 3, 1000, start);
    for (let i = 0; i < 40; i++) await limiter.hit(`long-${i}`, 3, MINUTE, start);
    expect(store.size).toBe(100);

    // The 60 one-second windows have ended; the 40 one-minute windows are live and keep their counts.
    await limiter.hit('newcomer', 3, MINUTE, start + 5000);
    expect(store.size).toBe(41);
    expect(await limiter.hit('long-0', 3, MINUTE, start + 5000)).toMatchObject({ remaining: 1 });

    for (let i = 0; i < 500; i++) await limiter.hit(`flood-${i}`, 3, MINUTE, start + 5000);
    expect(store.size).toBeLessThanOrEqual(100);
  });
});

describe('RateLimiter with the Redis store', () => {
  let redis: Redis;
  const prefix = `tagphoto-test:rate-limit:${randomBytes(6).toString('hex')}:`;

  beforeAll(() => {
    redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
    return redis.connect();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shares one count between hub instances and starts again in the next window', async () => {
    const first = new RateLimiter(new RedisRateLimitStore(redis, prefix));
    const second = new RateLimiter(new RedisRateLimitStore(redis, prefix));
    const now = start + 20_000;
    expect(await first.hit('owner-1', 3, MINUTE, now)).toEqual({
      allowed: true,
      closed: false,
      limit: 3,
      remaining: 2,
      resetMs: 40_000,
    });
    expect(await second.hit('owner-1', 3, MINUTE, now)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await first.hit('owner-1', 3, MINUTE, now)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await second.hit('owner-1', 3, MINUTE, now)).toMatchObject({ allowed: false, remaining: 0 });
    expect(await first.hit('owner-2', 3, MINUTE, now)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await second.hit('owner-1', 3, MINUTE, start + MINUTE)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('stores each window under the prefix with an expiry of the rest of the window plus grace', async () => {
    const limiter = new RateLimiter(new RedisRateLimitStore(redis, prefix, 1000));
    await limiter.hit('owner-3', 3, MINUTE, start + 50_000);
    const key = `${prefix}owner-3:${start}`;
    expect(await redis.get(key)).toBe('1');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(9_000);
    expect(ttl).toBeLessThanOrEqual(11_000);
  });

  it('closes a key for every instance at once, for the time asked', async () => {
    const first = new RateLimiter(new RedisRateLimitStore(redis, prefix));
    const second = new RateLimiter(new RedisRateLimitStore(redis, prefix));
    expect(await second.hit('revoked', 3, MINUTE, start)).toMatchObject({ allowed: true, closed: false });
    await first.close('revoked', 30_000);
    expect(await second.hit('revoked', 3, MINUTE, start)).toMatchObject({ allowed: false, closed: true });
    expect(await redis.get(`${prefix}revoked:${start}`)).toBe('1');
    const ttl = await redis.pttl(`${prefix}closed:revoked`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('counts concurrent hits atomically: exactly the limit gets through', async () => {
    const limiter = new RateLimiter(new RedisRateLimitStore(redis, prefix));
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.hit('burst', 10, MINUTE, start)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(await redis.get(`${prefix}burst:${start}`)).toBe('40');
  });
});

describe('rateLimitHeaders', () => {
  it('reports limit, remaining and reset in whole seconds, without Retry-After while allowed', () => {
    expect(rateLimitHeaders({ allowed: true, closed: false, limit: 60, remaining: 59, resetMs: 41_200 })).toEqual({
      'RateLimit-Limit': '60',
      'RateLimit-Remaining': '59',
      'RateLimit-Reset': '42',
    });
  });

  it('adds Retry-After when refused, never rounding a short wait down to zero', () => {
    expect(rateLimitHeaders({ allowed: false, closed: false, limit: 60, remaining: 0, resetMs: 1 })).toEqual({
      'RateLimit-Limit': '60',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '1',
      'Retry-After': '1',
    });
  });
});
