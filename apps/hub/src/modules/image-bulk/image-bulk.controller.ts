import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import {
  BULK_IMAGE_LIMIT,
  ImageBulk,
  ImageBulkResult,
  imageBulkResultSchema,
  imageBulkSchema,
} from '@tagphoto/contracts';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { ImageBulkService } from './image-bulk.service';

@OwnerController('v1/images', { tag: 'images', via: ['session', 'api-key'] })
export class ImageBulkController {
  constructor(private readonly bulk: ImageBulkService) {}

  /** Deletes or approves many images, listed by id or matched by a filter (at most BULK_IMAGE_LIMIT, 422 beyond). */
  @Post('bulk')
  @HttpCode(200)
  @ApiBody({
    description: `At most ${BULK_IMAGE_LIMIT} images per call, listed or matched; more is refused (422 bulk_limit_exceeded) before anything is done.`,
    schema: openApiSchema(imageBulkSchema, 'input'),
  })
  @ApiOkResponse({ schema: openApiSchema(imageBulkResultSchema) })
  run(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(imageBulkSchema)) body: ImageBulk,
  ): Promise<ImageBulkResult> {
    return this.bulk.run(principal, body);
  }
}
