import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimits } from './rate-limits';

/** Limits sign-up and login attempts per client IP, against password guessing. */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.limits.forAuthAttempt(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
