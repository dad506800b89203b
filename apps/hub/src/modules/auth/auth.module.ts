import { Module } from '@nestjs/common';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { AuditModule } from '../audit/audit.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccountRepository } from './account.repository';
import { AuthService } from './auth.service';
import { OwnerGuard } from './owner.guard';
import { SessionRepository } from './session.repository';

/**
 * Who is calling: accounts, sessions and API-key lookup, and the guard every /v1 route uses. It passes on the
 * security log and the rate limits it needs itself, so every module that guards a route with it has them too.
 */
@Module({
  imports: [AuditModule, RateLimitModule],
  providers: [AuthService, AccountRepository, SessionRepository, ApiKeyRepository, OwnerGuard],
  exports: [AuthService, OwnerGuard, ApiKeyRepository, AuditModule, RateLimitModule],
})
export class AuthModule {}
