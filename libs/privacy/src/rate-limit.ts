import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  /** The key was closed (RateLimiter.close): refused whatever its count. */
  closed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends and the count starts again. */
  resetMs: number;
}

/**
 * Counts hits per key and window; `windowStart` identifies the window, `resetAt` is when it ends (epoch ms).
 * `increment` answers CLOSED, and counts nothing, while the key is closed.
 */
export interface RateLimitStore {
  increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number>;
  close(key: string, until: number, now: number): Promise<void>;
}

/** What RateLimitStore.increment answers for a closed key. */
export const CLOSED = -1;

export class InvalidRateLimitError extends RangeError {
  readonly code = 'invalid_rate_limit';
}

/**
 * Fixed-window limiter: windows are aligned to multiples of `windowMs` since the epoch, so every instance
 * sharing a store agrees on them and a test can move the clock instead of sleeping.
 */
export class RateLimiter {
  constructor(private readonly store: RateLimitStore) {}

  async hit(key: string, limit: number, windowMs: number, now: number = Date.now()): Promise<RateLimitResult> {
    if (!Number.isInteger(limit) || limit < 0) throw new InvalidRateLimitError(`Invalid limit: ${limit}`);
    if (!Number.isInteger(windowMs) || windowMs < 1) throw new InvalidRateLimitError(`Invalid window: ${windowMs} ms`);
    const windowStart = now - (now % windowMs);
    const resetAt = windowStart + windowMs;
    const count = await this.store.increment(key, windowStart, resetAt, now);
    if (count === CLOSED) return { allowed: false, closed: true, limit, remaining: 0, resetMs: resetAt - now };
    return {
      allowed: count <= limit,
      closed: false,
      limit,
      remaining: Math.max(0, limit - count),
      resetMs: resetAt - now,
    };
  }

  /**
   * Refuses the key for `forMs` whatever its count, on every instance sharing the store, from the next hit on: how
   * a credential that instances may still hold in a cache is withdrawn at once.
   */
  close(key: string, forMs: number, now: number = Date.now()): Promise<void> {
    return this.store.close(key, now + forMs, now);
  }
}

/** Per-process counts, for a single hub instance; holds at most `maxKeys` windows. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { windowStart: number; resetAt: number; count: number }>();
  private readonly closedUntil = new Map<string, number>();

  constructor(private readonly maxKeys = 10_000) {}

  get size(): number {
    return this.windows.size;
  }

  async increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number> {
    const closedUntil = this.closedUntil.get(key);
    if (closedUntil !== undefined) {
      if (closedUntil > now) return CLOSED;
      this.closedUntil.delete(key);
    }
    const current = this.windows.get(key);
    if (current && current.windowStart === windowStart) return ++current.count;
    // Re-inserting moves the key to the end, so the map stays ordered from stalest to freshest window.
    this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.evict(now);
    this.windows.set(key, { windowStart, resetAt, count: 1 });
    return 1;
  }

  async close(key: string, until: number, now: number): Promise<void> {
    // Closes are rare (a revoked key, a deleted account): the ended ones are dropped as new ones come.
    for (const [closed, end] of this.closedUntil) if (end <= now) this.closedUntil.delete(closed);
    this.closedUntil.set(key, until);
  }

  /**
   * Drops ended windows; if too few have ended, drops the stalest tenth of the rest, so memory stays bounded
   * and a flood of new keys pays for a full sweep only once per tenth.
   */
  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= target) break;
      this.windows.delete(key);
    }
  }
}

// INCR and PEXPIRE in one atomic step, so a crash between them can never leave a counter without an expiry; a
// closed key (KEYS[2] set) is answered -1 in the same round trip.
const INCREMENT_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Counts shared by every hub instance through Redis; one key per limited key and window. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval' | 'set'>,
    private readonly keyPrefix = 'tagphoto:rate-limit:',
    /** Kept past the window's end so instances with slightly skewed clocks still share the counter. */
    private readonly graceMs = 1000,
  ) {}

  async increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number> {
    const ttlMs = Math.max(1, resetAt - now) + this.graceMs;
    const count = await this.redis.eval(
      INCREMENT_SCRIPT,
      2,
      `${this.keyPrefix}${key}:${windowStart}`,
      `${this.keyPrefix}closed:${key}`,
      ttlMs,
    );
    return Number(count);
  }

  async close(key: string, until: number, now: number): Promise<void> {
    await this.redis.set(`${this.keyPrefix}closed:${key}`, '1', 'PX', Math.max(1, until - now));
  }
}

/** The IETF draft's RateLimit-* headers, in whole seconds; Retry-After only on a refusal. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const resetSeconds = String(Math.max(1, Math.ceil(result.resetMs / 1000)));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': resetSeconds,
  };
  if (!result.allowed) headers['Retry-After'] = resetSeconds;
  return headers;
}
