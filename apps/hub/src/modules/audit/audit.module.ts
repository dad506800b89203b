import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { SecurityLog } from './security-log';

/** The security log every feature writes to (AuthModule passes it on to every module that guards routes). */
@Module({ providers: [AuditRepository, SecurityLog], exports: [SecurityLog] })
export class AuditModule {}
