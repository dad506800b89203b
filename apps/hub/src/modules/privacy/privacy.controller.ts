import { Body, Get, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { PrivacySettings, privacySettingsSchema, PrivacyView, privacyViewSchema } from '@tagphoto/contracts';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { PrivacyService } from './privacy.service';

@OwnerController('v1/account/privacy', { tag: 'account' })
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(privacyViewSchema) })
  get(@CurrentPrincipal() principal: Principal): Promise<PrivacyView> {
    return this.privacy.get(principal.ownerId);
  }

  @Put()
  @ApiBody({ schema: openApiSchema(privacySettingsSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(privacyViewSchema) })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(privacySettingsSchema)) settings: PrivacySettings,
  ): Promise<PrivacyView> {
    return this.privacy.update(principal.ownerId, settings);
  }
}
