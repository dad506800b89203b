import { Global, Module } from '@nestjs/common';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { RateLimits } from './rate-limits';

@Global()
@Module({ providers: [RateLimits, AuthRateLimitGuard], exports: [RateLimits, AuthRateLimitGuard] })
export class RateLimitModule {}
