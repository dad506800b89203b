import { Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { auditEventSchema, AuditEventView } from '@tagphoto/contracts';
import { z } from 'zod';
import { openApiSchema } from '../../common/openapi';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { SecurityLog } from './security-log';

@OwnerController('v1/audit-events', { tag: 'account' })
export class AuditController {
  constructor(private readonly audit: SecurityLog) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(z.array(auditEventSchema)) })
  list(@CurrentPrincipal() principal: Principal): Promise<AuditEventView[]> {
    return this.audit.list(principal.ownerId, 200);
  }
}
