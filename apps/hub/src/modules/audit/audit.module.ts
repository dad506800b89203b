import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';

/** The security log every feature writes to. */
@Global()
@Module({ providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
