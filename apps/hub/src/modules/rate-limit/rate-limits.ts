import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import {
  GuessingBackoff,
  hashSecret,
  MemoryGuessStore,
  MemoryRateLimitStore,
  RateLimiter,
  rateLimitHeaders,
  RedisGuessStore,
  RedisRateLimitStore,
} from '@tagphoto/privacy';
import { Clock } from '../../common/clock';
import { RetryLaterError, UnauthorizedError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';

const WINDOW_MS = 60_000;

export class RateLimitedError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s.`, retryAfterSeconds);
  }
}

export class TooManyGuessesError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'too_many_attempts',
      `Too many wrong passwords for this account; try again in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    );
  }
}

const GUESS_MAX_DELAY_MS = 15 * 60_000;
const GUESS_FORGET_AFTER_MS = 24 * 3600_000;

/**
 * Per-API-key, per-owner and per-IP request budgets, and per-account password guessing limits, shared by every
 * hub process through Redis in server mode (in memory in the embedded default). Answers carry the RateLimit-*
 * headers; a refusal also Retry-After.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly redis?: Redis;
  private readonly limiter: RateLimiter;
  private readonly guesses: GuessingBackoff;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clock: Clock,
  ) {
    const policy = {
      freeAttempts: config.TAGPHOTO_GUESS_FREE_ATTEMPTS,
      baseDelayMs: config.TAGPHOTO_GUESS_BACKOFF_MS,
      maxDelayMs: Math.max(config.TAGPHOTO_GUESS_BACKOFF_MS, GUESS_MAX_DELAY_MS),
      forgetAfterMs: GUESS_FORGET_AFTER_MS,
    };
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
      this.limiter = new RateLimiter(
        new RedisRateLimitStore(this.redis, `${config.TAGPHOTO_QUEUE_PREFIX}:rate-limit:`),
      );
      this.guesses = new GuessingBackoff(
        new RedisGuessStore(this.redis, `${config.TAGPHOTO_QUEUE_PREFIX}:guesses:`),
        policy,
      );
    } else {
      this.limiter = new RateLimiter(new MemoryRateLimitStore());
      this.guesses = new GuessingBackoff(new MemoryGuessStore(), policy);
    }
  }

  /** Spends one request of the key's budget; a key closed by closeApiKey is refused as revoked. */
  forApiKey(apiKeyId: string, response: Response): Promise<void> {
    return this.apply(`key:${apiKeyId}`, this.config.TAGPHOTO_RATE_LIMIT_API, response);
  }

  /**
   * Refuses the key from the next request on, in every hub process (they share the counters), for `forMs`: the
   * time any process may still hold the key in its cache (ApiKeys). The check rides on the budget's own round trip.
   */
  closeApiKey(apiKeyId: string, forMs: number): Promise<void> {
    return this.limiter.close(`key:${apiKeyId}`, forMs, this.clock.now().getTime());
  }

  /** Dashboard uploads get the budget an API key has, per owner, so a session cannot flood the hub either. */
  forSessionUpload(ownerId: string, response: Response): Promise<void> {
    return this.apply(`session-uploads:${ownerId}`, this.config.TAGPHOTO_RATE_LIMIT_API, response);
  }

  /**
   * Refuses to check a password while the account waits out earlier wrong ones, from whatever address. Keyed by
   * the email asked for, so unknown emails are limited exactly like real ones and the limit reveals nothing.
   */
  async admitPasswordGuess(email: string): Promise<void> {
    const waitMs = await this.guesses.waitMs(guessKey(email), this.clock.now().getTime());
    if (waitMs > 0) throw new TooManyGuessesError(Math.ceil(waitMs / 1000));
  }

  async recordPasswordGuess(email: string, correct: boolean): Promise<void> {
    if (correct) await this.guesses.succeeded(guessKey(email));
    else await this.guesses.failed(guessKey(email), this.clock.now().getTime());
  }

  forAuthAttempt(request: Request, response: Response): Promise<void> {
    return this.apply(`ip:${request.ip ?? 'unknown'}`, this.config.TAGPHOTO_RATE_LIMIT_AUTH, response);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit();
  }

  private async apply(key: string, limit: number, response: Response): Promise<void> {
    const result = await this.limiter.hit(key, limit, WINDOW_MS, this.clock.now().getTime());
    if (result.closed) throw new UnauthorizedError('revoked_api_key', 'The API key was revoked; create a new one.');
    for (const [name, value] of Object.entries(rateLimitHeaders(result))) response.setHeader(name, value);
    if (!result.allowed) throw new RateLimitedError(Math.ceil(result.resetMs / 1000));
  }
}

function guessKey(email: string): string {
  return hashSecret(email.trim().toLowerCase());
}
