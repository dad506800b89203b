import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PrivacySettings, privacySettingsSchema } from '@tagphoto/contracts';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AllowVia, CurrentPrincipal, OwnerGuard } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { PrivacyService } from './privacy.service';

@ApiTags('account')
@ApiCookieAuth()
@Controller('v1/account/privacy')
@UseGuards(OwnerGuard)
@AllowVia('session')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(privacySettingsSchema) })
  get(@CurrentPrincipal() principal: Principal): Promise<PrivacySettings> {
    return this.privacy.get(principal.ownerId);
  }

  @Put()
  @ApiBody({ schema: openApiSchema(privacySettingsSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(privacySettingsSchema) })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(privacySettingsSchema)) settings: PrivacySettings,
  ): Promise<PrivacySettings> {
    return this.privacy.update(principal.ownerId, settings);
  }
}
