import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';

/** The security log every feature writes to (AuthModule passes it on to every module that guards routes). */
@Module({ providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
