import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { MemoryRateLimitStore, RateLimiter, rateLimitHeaders, RedisRateLimitStore } from '@tagphoto/privacy';
import { Clock } from '../../common/clock';
import { HubError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';

const WINDOW_MS = 60_000;

export class RateLimitedError extends HubError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s.`);
  }
}

/**
 * Per-API-key and per-IP request budgets, shared by every hub process through Redis in server mode (in memory
 * in the embedded default). Answers carry the RateLimit-* headers; a refusal also Retry-After.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly redis?: Redis;
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clock: Clock,
  ) {
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
      this.limiter = new RateLimiter(new RedisRateLimitStore(this.redis, `${config.TAGPHOTO_QUEUE_PREFIX}:rate-limit:`));
    } else {
      this.limiter = new RateLimiter(new MemoryRateLimitStore());
    }
  }

  forApiKey(apiKeyId: string, response: Response): Promise<void> {
    return this.apply(`key:${apiKeyId}`, this.config.TAGPHOTO_RATE_LIMIT_API, response);
  }

  forAuthAttempt(request: Request, response: Response): Promise<void> {
    return this.apply(`ip:${request.ip ?? 'unknown'}`, this.config.TAGPHOTO_RATE_LIMIT_AUTH, response);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit();
  }

  private async apply(key: string, limit: number, response: Response): Promise<void> {
    const result = await this.limiter.hit(key, limit, WINDOW_MS, this.clock.now().getTime());
    for (const [name, value] of Object.entries(rateLimitHeaders(result))) response.setHeader(name, value);
    if (!result.allowed) throw new RateLimitedError(Math.ceil(result.resetMs / 1000));
  }
}
