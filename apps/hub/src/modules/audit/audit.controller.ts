import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { auditEventSchema, AuditEventView } from '@tagphoto/contracts';
import { z } from 'zod';
import { openApiSchema } from '../../common/openapi';
import { AllowVia, CurrentPrincipal, OwnerGuard } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { SecurityLog } from './security-log';

@ApiTags('account')
@ApiCookieAuth()
@Controller('v1/audit-events')
@UseGuards(OwnerGuard)
@AllowVia('session')
export class AuditController {
  constructor(private readonly audit: SecurityLog) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(z.array(auditEventSchema)) })
  list(@CurrentPrincipal() principal: Principal): Promise<AuditEventView[]> {
    return this.audit.list(principal.ownerId, 200);
  }
}
