import { Module } from '@nestjs/common';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { AccountRepository } from './account.repository';
import { AuthService } from './auth.service';
import { OwnerGuard } from './owner.guard';
import { SessionRepository } from './session.repository';

/** Who is calling: accounts, sessions and API-key lookup, and the guard every /v1 route uses. */
@Module({
  providers: [AuthService, AccountRepository, SessionRepository, ApiKeyRepository, OwnerGuard],
  exports: [AuthService, OwnerGuard, ApiKeyRepository],
})
export class AuthModule {}
