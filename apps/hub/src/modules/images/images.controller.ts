import {
  Body,
  Delete,
  Get,
  Headers,
  HttpCode,
  Logger,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  acceptedImageSchema,
  IMAGE_CSV_COLUMNS,
  IMAGE_CSV_IMPORT_MAX_BYTES,
  ImageFilterQuery,
  imageFilterSchema,
  ImageImportReport,
  imageImportReportSchema,
  ImageEdit,
  imageEditSchema,
  imageFromUrlSchema,
  ImageHistory,
  imageHistorySchema,
  ImageOptions,
  imageOptionsSchema,
  ImagePage,
  imagePageSchema,
  imageSchema,
  ImageView,
  ListImagesQuery,
  listImagesQuerySchema,
  RetagImage,
  retagImageSchema,
} from '@tagphoto/contracts';
import { sha256InSteps } from '@tagphoto/privacy';
import { z } from 'zod';
import { HubError, ValidationError } from '../../common/errors';
import { ApiQueryFrom, openApiSchema } from '../../common/openapi';
import { AcceptsBody } from '../../common/request-intake';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { idempotencyKeyOf, requestFingerprint } from './idempotency';
import { ImageIdempotency } from './image-idempotency.service';
import { ImagesService, IncomingImage } from './images.service';
import { OwnerUploadAdmission } from './upload-admission';

const today = (): string => new Date().toISOString().slice(0, 10);

@OwnerController('v1/images', { tag: 'images', via: ['session', 'api-key'] })
export class ImagesController {
  private readonly logger = new Logger('images');

  constructor(
    private readonly images: ImagesService,
    private readonly idempotency: ImageIdempotency,
  ) {}

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
  @ApiAcceptedResponse({
    description: 'Queued for tagging: poll GET /v1/images/{id}.',
    schema: openApiSchema(acceptedImageSchema),
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes a retry safe: the same key with the same request answers as the first did and makes no second image (24 h).',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Query() query: Record<string, unknown>,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImageView | z.infer<typeof acceptedImageSchema>> {
    const key = idempotencyKeyOf(idempotencyHeader);
    const fields = { ...query, ...(body ?? {}) };
    let image: { bytes: Buffer } | { url: string };
    let load: () => Promise<IncomingImage>;
    let options: ImageOptions;
    if (file) {
      options = new ZodValidationPipe(imageOptionsSchema).transform(fields);
      image = { bytes: file.buffer };
      const source = principal.via === 'api-key' ? 'api' : 'upload';
      load = () => Promise.resolve({ bytes: file.buffer, fileName: file.originalname, source });
    } else if (typeof fields.url === 'string') {
      const { url, ...rest } = new ZodValidationPipe(imageFromUrlSchema).transform(fields);
      options = rest;
      image = { url };
      load = () => this.images.fetchFromUrl(url);
    } else {
      throw new ValidationError(
        'Send the image as a multipart field named "file", or JSON {"url": "https://…"}.',
        'missing_image',
      );
    }
    const create = async () => this.images.ingest(principal, await load(), options);
    const answer = key
      ? await this.idempotency.once(
          principal.ownerId,
          key,
          requestFingerprint('url' in image ? image : { sha256: await sha256InSteps(image.bytes) }, options),
          create,
        )
      : await create().then((outcome) => ({ status: outcome.finished ? 200 : 202, body: outcome.image }));
    response.status(answer.status);
    return answer.body;
  }

  @Get()
  @ApiQueryFrom(listImagesQuerySchema)
  @ApiOkResponse({ schema: openApiSchema(imagePageSchema) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listImagesQuerySchema)) query: ListImagesQuery,
  ): Promise<ImagePage> {
    return this.images.list(principal.ownerId, query);
  }

  /**
   * Every image matching the filters of GET /v1/images (not one page) as CSV: one row per image, cells a spreadsheet
   * would run as formulas prefixed with ', tags joined by "; ". Declared before GET :id, which would take the name.
   */
  @Get('export.csv')
  @ApiQueryFrom(imageFilterSchema)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: `Columns: ${IMAGE_CSV_COLUMNS.join(', ')}.`,
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async exportCsv(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(imageFilterSchema)) query: ImageFilterQuery,
    @Res() response: Response,
  ): Promise<void> {
    // The filter is checked here, before the first byte: a bad one still gets its 400.
    const rows = this.images.csvRows(principal.ownerId, query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="tagphoto-images-${today()}.csv"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // A byte-order mark: spreadsheets otherwise read UTF-8 as their locale's code page.
    const csv = stringify({ bom: true, header: true, columns: [...IMAGE_CSV_COLUMNS] });
    try {
      await pipeline(Readable.from(rows), csv, response);
    } catch (error) {
      // Headers are out: a failure midway can only cut the download short, which the client sees as an error.
      this.logger.warn(`CSV export stopped: ${(error as Error).message}`);
      response.destroy();
    }
  }

  /**
   * A CSV of corrected alt texts, titles and tags (the export's columns; id and at least one of title, alt_text,
   * tags), applied row by row as PATCH /v1/images/:id would; the report names each row refused and why.
   */
  @Post('import.csv')
  @HttpCode(200)
  @AcceptsBody('csv')
  @ApiConsumes('text/csv')
  @ApiBody({ description: `At most ${IMAGE_CSV_IMPORT_MAX_BYTES} bytes, UTF-8.`, schema: { type: 'string' } })
  @ApiOkResponse({ schema: openApiSchema(imageImportReportSchema) })
  async importCsv(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<ImageImportReport> {
    return this.images.importCsv(principal.ownerId, await readCsv(request, IMAGE_CSV_IMPORT_MAX_BYTES));
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

  /**
   * Tags the image again from its kept bytes, optionally in another language; a person's edits are kept. Answers at
   * once with the image queued (the current result stays until the new one is recorded): poll GET /v1/images/{id}.
   * 409 `not_stored` when the bytes are no longer kept, `tagging_in_progress` while it is being tagged.
   */
  @Post(':id/retag')
  @HttpCode(202)
  @ApiBody({ required: false, schema: openApiSchema(retagImageSchema, 'input') })
  @ApiAcceptedResponse({
    description: 'Queued for tagging again: poll GET /v1/images/{id}.',
    schema: openApiSchema(imageSchema),
  })
  retag(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(retagImageSchema)) body: RetagImage,
  ): Promise<ImageView> {
    return this.images.retag(principal.ownerId, id, body);
  }

  /** What happened to the result: tagged, tagged again, edited, decided in review, written back to its source. */
  @Get(':id/history')
  @ApiOkResponse({ schema: openApiSchema(imageHistorySchema) })
  history(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ImageHistory> {
    return this.images.history(principal.ownerId, id);
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

/** The request's CSV text: 413 past `maxBytes` (read no further than that), 400 unless it is UTF-8. */
async function readCsv(request: Request, maxBytes: number): Promise<string> {
  const charset = /;\s*charset="?([^";]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    throw new HubError(415, 'unsupported_charset', `The CSV's charset ${charset} is not supported; send UTF-8.`);
  const tooLarge = () =>
    new HubError(
      413,
      'payload_too_large',
      `The CSV is larger than the ${maxBytes} bytes one import takes; split it into several files.`,
    );
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
    request.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit the rest is read and dropped, so the answer is not a reset connection.
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw tooLarge();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ValidationError(
      'The CSV is not UTF-8 text: save it as "CSV UTF-8" (Excel) or with UTF-8 encoding.',
      'invalid_csv',
    );
  }
}
