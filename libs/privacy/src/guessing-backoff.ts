import type { Redis } from 'ioredis';

/** Wrong guesses at one account's password so far, and when the last one was made (epoch ms). */
export interface GuessRecord {
  failures: number;
  lastFailureAt: number;
}

export interface GuessStore {
  read(key: string, now: number): Promise<GuessRecord | undefined>;
  /** Counts one more wrong guess at `now`; the record is forgotten `forgetAfterMs` after its last failure. */
  recordFailure(key: string, now: number, forgetAfterMs: number): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface GuessingPolicy {
  /** Wrong guesses allowed before any wait. */
  freeAttempts: number;
  /** The first wait; each further wrong guess doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A quiet account starts again with its free attempts after this long. */
  forgetAfterMs: number;
}

/** How long after its last wrong guess an account with `failures` of them may be tried again. */
export function guessingDelayMs(failures: number, policy: GuessingPolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - policy.freeAttempts));
}

/**
 * Password guessing limits per account, whatever address the guesses come from: after the free attempts each
 * wrong password doubles the wait before the next check. The caller keys it by something every guess shares
 * (the email asked for, known or not, so the limit itself never tells which accounts exist).
 */
export class GuessingBackoff {
  constructor(
    private readonly store: GuessStore,
    readonly policy: GuessingPolicy,
  ) {}

  /** Milliseconds until the account may be tried again; 0 when it may be tried now. */
  async waitMs(key: string, now: number): Promise<number> {
    const record = await this.store.read(key, now);
    if (!record) return 0;
    return Math.max(0, record.lastFailureAt + guessingDelayMs(record.failures, this.policy) - now);
  }

  failed(key: string, now: number): Promise<void> {
    return this.store.recordFailure(key, now, this.policy.forgetAfterMs);
  }

  succeeded(key: string): Promise<void> {
    return this.store.clear(key);
  }
}

/** Per-process records for a single hub instance; holds at most `maxKeys`, dropping the stalest first. */
export class MemoryGuessStore implements GuessStore {
  private readonly records = new Map<string, GuessRecord & { forgetAt: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  async read(key: string, now: number): Promise<GuessRecord | undefined> {
    const record = this.records.get(key);
    if (!record || record.forgetAt <= now) return undefined;
    return { failures: record.failures, lastFailureAt: record.lastFailureAt };
  }

  async recordFailure(key: string, now: number, forgetAfterMs: number): Promise<void> {
    const failures = ((await this.read(key, now))?.failures ?? 0) + 1;
    // Re-inserting keeps the map ordered from stalest to freshest, so eviction drops the stalest.
    this.records.delete(key);
    if (this.records.size >= this.maxKeys) this.records.delete(this.records.keys().next().value!);
    this.records.set(key, { failures, lastFailureAt: now, forgetAt: now + forgetAfterMs });
  }

  async clear(key: string): Promise<void> {
    this.records.delete(key);
  }
}

// Count, time and expiry in one atomic step, so concurrent wrong guesses from many hub processes all count.
const RECORD_FAILURE_SCRIPT = `
redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'lastFailureAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

/** Records shared by every hub instance through Redis, one hash per account key. */
export class RedisGuessStore implements GuessStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval' | 'hgetall' | 'del'>,
    private readonly keyPrefix = 'tagphoto:guesses:',
  ) {}

  async read(key: string): Promise<GuessRecord | undefined> {
    const fields = await this.redis.hgetall(`${this.keyPrefix}${key}`);
    if (!fields.failures) return undefined;
    return { failures: Number(fields.failures), lastFailureAt: Number(fields.lastFailureAt) };
  }

  async recordFailure(key: string, now: number, forgetAfterMs: number): Promise<void> {
    await this.redis.eval(RECORD_FAILURE_SCRIPT, 1, `${this.keyPrefix}${key}`, now, forgetAfterMs);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.keyPrefix}${key}`);
  }
}
