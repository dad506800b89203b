import { Body, Delete, Get, HttpCode, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { deleteAccountSchema } from '@tagphoto/contracts';
import { z } from 'zod';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuthService } from '../auth/auth.service';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import { Principal, SESSION_COOKIE } from '../auth/principal';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';

/** The owner's rights: download everything, delete everything. Dashboard session only. */
@OwnerController('v1/account', { tag: 'account' })
export class AccountController {
  constructor(
    private readonly exporter: AccountExportService,
    private readonly deletion: AccountDeletionService,
    private readonly auth: AuthService,
  ) {}

  @Get('export')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      'A zip: README.txt, account.json, images.json, usage.json, audit-events.json, connections.json, images/',
  })
  async export(@CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', 'attachment; filename="tagphoto-export.zip"');
    response.setHeader('Cache-Control', 'private, no-store');
    await this.exporter.export(principal.ownerId, response);
  }

  @Delete()
  @HttpCode(204)
  @ApiBody({ schema: openApiSchema(deleteAccountSchema, 'input') })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(deleteAccountSchema)) body: z.infer<typeof deleteAccountSchema>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.confirmPassword(principal.ownerId, body.password, 'account_deletion');
    await this.deletion.delete(principal.ownerId, 'owner_request');
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
