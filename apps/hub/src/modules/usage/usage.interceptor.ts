import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import type { Principal } from '../auth/principal';
import { UsageBuffer } from './usage-buffer';

const DAY_MS = 24 * 3600 * 1000;

/**
 * After every authenticated request: API-key requests are logged for billing and support (route, status,
 * key, bytes, time — never bodies) with an expiry; the feature used is counted per day for owners who did not
 * opt out of analytics, without any owner, IP or client detail. Both are buffered and written in batches (UsageBuffer).
 */
@Injectable()
export class UsageInterceptor implements NestInterceptor {
  constructor(
    private readonly usage: UsageBuffer,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = context.switchToHttp().getResponse<Response>();
    const feature = `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`;
    // The status is final only once the response is sent, errors mapped by the filter included.
    response.once('finish', () => this.record(request, response, feature));
    return next.handle();
  }

  private record(request: Request & { principal?: Principal }, response: Response, feature: string): void {
    const principal = request.principal;
    if (!principal) return;
    const now = this.clock.now();
    if (principal.via === 'api-key') {
      this.usage.record({
        ownerId: principal.ownerId,
        apiKeyId: principal.apiKeyId ?? null,
        method: request.method,
        route: (request.route as { path?: string } | undefined)?.path ?? request.path,
        status: response.statusCode,
        bytes: Number(request.headers['content-length'] ?? 0),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.TAGPHOTO_USAGE_LOG_DAYS * DAY_MS),
      });
    }
    this.usage.countUse({
      ownerId: principal.ownerId,
      feature,
      day: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    });
  }
}
