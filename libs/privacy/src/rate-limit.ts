import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends and the count starts again. */
  resetMs: number;
}

/** Counts hits per key and window; `windowStart` identifies the window, `resetAt` is when it ends (epoch ms). */
export interface RateLimitStore {
  increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number>;
}

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
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: resetAt - now };
  }
}

/** Per-process counts, for a single hub instance; holds at most `maxKeys` windows. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { windowStart: number; resetAt: number; count: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  get size(): number {
    return this.windows.size;
  }

  async increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number> {
    const current = this.windows.get(key);
    if (current && current.windowStart === windowStart) return ++current.count;
    // Re-inserting moves the key to the end, so the map stays ordered from stalest to freshest window.
    this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.evict(now);
    this.windows.set(key, { windowStart, resetAt, count: 1 });
    return 1;
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

// INCR and PEXPIRE in one atomic step, so a crash between them can never leave a counter without an expiry.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Counts shared by every hub instance through Redis; one key per limited key and window. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval'>,
    private readonly keyPrefix = 'tagphoto:rate-limit:',
    /** Kept past the window's end so instances with slightly skewed clocks still share the counter. */
    private readonly graceMs = 1000,
  ) {}

  async increment(key: string, windowStart: number, resetAt: number, now: number): Promise<number> {
    const ttlMs = Math.max(1, resetAt - now) + this.graceMs;
    const count = await this.redis.eval(INCREMENT_SCRIPT, 1, `${this.keyPrefix}${key}:${windowStart}`, ttlMs);
    return Number(count);
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
