import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
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
  imports: [ApiKeysModule, AuditModule, RateLimitModule],
  providers: [AuthService, AccountRepository, SessionRepository, OwnerGuard],
  exports: [AuthService, OwnerGuard, AuditModule, RateLimitModule],
})
export class AuthModule {}
