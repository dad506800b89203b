import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  acceptedImageSchema,
  ImageEdit,
  imageEditSchema,
  imageFromUrlSchema,
  ImageOptions,
  imageOptionsSchema,
  ImagePage,
  imagePageSchema,
  imageSchema,
  ImageView,
  listImagesQuerySchema,
} from '@tagphoto/contracts';
import { z } from 'zod';
import { ValidationError } from '../../common/errors';
import { ApiQueryFrom, openApiSchema } from '../../common/openapi';
import { AcceptsBody } from '../../common/request-intake';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AllowVia, CurrentPrincipal, OwnerGuard } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { ImagesService, IncomingImage } from './images.service';
import { OwnerUploadAdmission } from './upload-admission';

@ApiTags('images')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('v1/images')
@UseGuards(OwnerGuard)
@AllowVia('session', 'api-key')
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  /** A multipart `file`, or JSON `{ url }`; options in the query string or beside the file/url. */
  @Post()
  @AcceptsBody('multipart', 'json')
  // Admission first (ProcessUploadAdmission ran before authentication): a refused upload is answered before multer reads its body.
  @UseInterceptors(OwnerUploadAdmission, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
        openApiSchema(imageFromUrlSchema, 'input'),
      ],
    },
  })
  @ApiQueryFrom(imageOptionsSchema)
  @ApiOkResponse({ description: 'The finished result (wait=true).', schema: openApiSchema(imageSchema) })
  @ApiAcceptedResponse({ description: 'Queued for tagging: poll GET /v1/images/{id}.', schema: openApiSchema(acceptedImageSchema) })
  async create(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImageView | z.infer<typeof acceptedImageSchema>> {
    const fields = { ...query, ...(body ?? {}) };
    let incoming: IncomingImage;
    let options: ImageOptions;
    if (file) {
      options = new ZodValidationPipe(imageOptionsSchema).transform(fields);
      incoming = { bytes: file.buffer, fileName: file.originalname, source: principal.via === 'api-key' ? 'api' : 'upload' };
    } else if (typeof fields.url === 'string') {
      const { url, ...rest } = new ZodValidationPipe(imageFromUrlSchema).transform(fields);
      options = rest;
      incoming = await this.images.fetchFromUrl(url);
    } else {
      throw new ValidationError('Send the image as a multipart field named "file", or JSON {"url": "https://…"}.', 'missing_image');
    }
    const outcome = await this.images.ingest(principal, incoming, options);
    response.status(outcome.finished ? 200 : 202);
    return outcome.image;
  }

  @Get()
  @ApiQueryFrom(listImagesQuerySchema)
  @ApiOkResponse({ schema: openApiSchema(imagePageSchema) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listImagesQuerySchema)) query: z.infer<typeof listImagesQuerySchema>,
  ): Promise<ImagePage> {
    return this.images.list(principal.ownerId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(imageSchema) })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ImageView> {
    return this.images.get(principal.ownerId, id);
  }

  /** A person's edit of the result (altText, title, tags): marked in `result.editedFields`, never overwritten by re-tagging. */
  @Patch(':id')
  @ApiBody({ schema: openApiSchema(imageEditSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(imageSchema) })
  edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(imageEditSchema)) edit: ImageEdit,
  ): Promise<ImageView> {
    return this.images.edit(principal.ownerId, id, edit);
  }

  @Get(':id/file')
  async file(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.images.file(principal.ownerId, id);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.bytes, {
      type: file.mimeType,
      disposition: `inline; filename="${(file.fileName ?? id).replace(/[^\w.-]/g, '_')}"`,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.images.delete(principal.ownerId, id);
  }
}
