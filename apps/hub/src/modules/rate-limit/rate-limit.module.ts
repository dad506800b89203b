import { Module } from '@nestjs/common';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { RateLimits } from './rate-limits';

/** Per-account and per-key budgets, and the sign-in guessing guard (AuthModule passes them on). */
@Module({ providers: [RateLimits, AuthRateLimitGuard], exports: [RateLimits, AuthRateLimitGuard] })
export class RateLimitModule {}
