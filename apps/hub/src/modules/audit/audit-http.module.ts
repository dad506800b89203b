import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditController } from './audit.controller';

/** The owner's security log as a route (GET /v1/audit-events), where the hub serves HTTP. */
@Module({ imports: [AuthModule], controllers: [AuditController] })
export class AuditHttpModule {}
