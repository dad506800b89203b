import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BlobStore, sha256InSteps } from '@tagphoto/privacy';
import { decodeImage } from '@tagphoto/tagging';
import {
  EDITABLE_RESULT_FIELDS,
  type ImageEdit,
  type ImageHistory,
  type ImageFilterQuery,
  type ImageImportReport,
  type ImageOptions,
  type ImagePage,
  type ImageSource,
  type ImageView,
  type ListImagesQuery,
  rangeEnd,
  type RetagImage,
  rangeStart,
  type ReviewState,
} from '@tagphoto/contracts';
import { normaliseTag, searchWords } from '@tagphoto/privacy';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { ConflictError, HubError, NotFoundError, ValidationError } from '../../common/errors';
import { fetchBytes } from '../../common/outbound/fetch-bytes';
import { assertPublicUrl } from '../../common/outbound/outbound-target';
import { SsrfGuard } from '../../common/outbound/ssrf-guard';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { BLOB_STORE } from '../../storage/storage.module';
import { SecurityLog } from '../audit/security-log';
import type { Principal } from '../auth/principal';
import { ImageEvents } from './image-events';
import { ImageHistoryRepository } from './image-history.repository';
import { ImageOrigins } from './image-origins';
import type { ImageFilter } from './image-search.repository';
import { ImageRecord, ImageRepository, ImageWithResult, isFinished } from './image.repository';
import { type CsvImage, csvRowOf, editOf, parseImportCsv } from './image-csv';
import { ImageReviewStates } from './image-review-states';
import { applyEdit } from './result-edits';

export interface IncomingImage {
  bytes: Buffer;
  fileName?: string;
  source: ImageRecord['source'];
}

export type IngestOutcome =
  { finished: true; image: ImageView } | { finished: false; image: Pick<ImageView, 'id' | 'status'> };

const engineReviewState = (image: ImageWithResult): ReviewState => (image.result?.review.needed ? 'needed' : 'none');

/** The API's view of an image; its review state is the engine's flag unless the caller knows a person's decision. */
export const toImageView = (image: ImageWithResult, reviewState = engineReviewState(image)): ImageView => ({
  id: image.id,
  status: image.status,
  result: image.result ? { ...image.result, editedFields: image.editedFields } : null,
  error: image.error,
  stored: image.stored,
  fileName: image.fileName,
  createdAt: image.createdAt.toISOString(),
  reviewState,
});

const taggingInProgress = (): ConflictError =>
  new ConflictError(
    'tagging_in_progress',
    'The image is being tagged right now: tag it again once its status is done or failed.',
  );

/** Why an image cannot be tagged again: its bytes were never kept past tagging, or retention deleted them. */
const bytesGone = (image: Pick<ImageRecord, 'stored'>): ConflictError =>
  new ConflictError(
    'not_stored',
    image.stored
      ? 'The image cannot be tagged again: its bytes were deleted by your retention setting and only the result remains. Upload the image again to tag it anew.'
      : 'The image cannot be tagged again: its bytes were not kept (store=false deletes them once tagged) and only the result remains. Upload the image again with store=true to tag it anew.',
  );

@Injectable()
export class ImagesService {
  private readonly logger = new Logger('images');
  private readonly guard: SsrfGuard;

  constructor(
    private readonly images: ImageRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly audit: SecurityLog,
    private readonly events: ImageEvents,
    private readonly historyEntries: ImageHistoryRepository,
    private readonly clock: Clock,
    private readonly reviewStates: ImageReviewStates,
    private readonly origins: ImageOrigins,
  ) {
    this.guard = new SsrfGuard(config.TAGPHOTO_FETCH_ALLOW_HOSTS);
  }

  async fetchFromUrl(url: string): Promise<IncomingImage> {
    if (fileNameOf(url) === undefined) {
      throw new ValidationError(
        'url: its file name has a malformed percent-encoding (a "%" not followed by two hex digits, or bytes that are not UTF-8).',
        'invalid_url',
      );
    }
    const { bytes, finalUrl } = await fetchBytes(url, this.guard, {
      maxBytes: this.config.TAGPHOTO_MAX_UPLOAD_BYTES,
      timeoutMs: this.config.TAGPHOTO_FETCH_TIMEOUT_MS,
    });
    // A redirect target is the image server's choice, not the caller's mistake: keep its name as sent.
    const fileName = (fileNameOf(finalUrl) ?? lastSegment(finalUrl)) || undefined;
    return { bytes, fileName, source: 'url' };
  }

  /**
   * Checks the bytes are a decodable image within limits before anything is stored, then stores them
   * encrypted, records the image as queued and dispatches its tagging job.
   */
  async ingest(principal: Principal, incoming: IncomingImage, options: ImageOptions): Promise<IngestOutcome> {
    if (incoming.bytes.length === 0)
      throw new ValidationError(
        'The file is empty: send the image\'s bytes in the multipart field "file".',
        'empty_file',
      );
    // A callback to a private address is refused before anything is stored; delivery checks again.
    if (options.callbackUrl) await assertPublicUrl(options.callbackUrl, this.guard);
    const decoded = await decodeImage(incoming.bytes, {
      maxInputBytes: this.config.TAGPHOTO_MAX_UPLOAD_BYTES,
      maxInputPixels: this.config.TAGPHOTO_MAX_PIXELS,
    });
    const id = randomUUID();
    const blobKey = `${principal.ownerId}/${id}`;
    // Hashing and sealing go a megabyte at a time: an image of many megabytes must not stall other requests.
    const sha256 = await sha256InSteps(incoming.bytes);
    // A connector's own client (the WordPress plugin) sending one of its items: recorded as that connector's.
    const origin = principal.via === 'api-key' ? await this.origins.resolve(principal, options.callbackUrl) : undefined;
    await this.blobs.put(blobKey, incoming.bytes);
    try {
      await this.images.create(
        principal.ownerId,
        {
          id,
          source: origin ? 'connector' : incoming.source,
          connector: origin?.connector ?? null,
          externalId: origin?.externalId ?? null,
          fileName: incoming.fileName?.slice(0, 255) ?? null,
          mimeType: `image/${decoded.format}`,
          byteSize: incoming.bytes.length,
          sha256,
          blobKey,
          // API callers get ephemeral processing by default: bytes gone when the job ends.
          stored: options.store ?? principal.via === 'session',
          language: options.language ?? 'en',
          vision: options.vision ?? true,
        },
        options.callbackUrl,
      );
    } catch (error) {
      await this.blobs.delete(blobKey);
      throw error;
    }
    await origin?.link(id);
    try {
      await this.queue.dispatch('tag-image', { imageId: id, ownerId: principal.ownerId }, id);
    } catch (error) {
      // The image is recorded; ImageRecovery dispatches it once the queue is back. Accepting beats losing it.
      this.logger.warn(`queued image ${id} could not be dispatched yet: ${(error as Error).message}`);
      return { finished: false, image: { id, status: 'queued' } };
    }
    if (options.wait) {
      await this.queue.waitUntilFinished('tag-image', id, this.config.TAGPHOTO_WAIT_TIMEOUT_MS);
      const image = await this.images.get(principal.ownerId, id);
      if (image && isFinished(image.status))
        return { finished: true, image: (await this.views(principal.ownerId, [image]))[0] };
    }
    return { finished: false, image: { id, status: 'queued' } };
  }

  /** Images as the API shows them, each with its review state as the review queue knows it. */
  async views(ownerId: string, images: ImageWithResult[]): Promise<ImageView[]> {
    const decided = await this.reviewStates.of(
      ownerId,
      images.map((image) => image.id),
    );
    return images.map((image) => toImageView(image, reviewStateOf(image, decided)));
  }

  async get(ownerId: string, id: string): Promise<ImageView> {
    const image = await this.images.get(ownerId, id);
    if (!image) throw new NotFoundError('Image');
    return (await this.views(ownerId, [image]))[0];
  }

  async list(ownerId: string, query: ListImagesQuery): Promise<ImagePage> {
    const { limit, cursor } = query;
    const filter = filterOf(query);
    const items = await this.images.list(ownerId, limit + 1, cursor ? parseCursor(cursor) : undefined, filter);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(ownerId, page),
      nextCursor: items.length > limit && last ? formatCursor(last) : null,
    };
  }

  /**
   * Every image of the owner's matching the filter, newest first, a page at a time to the end of the cursor. The
   * filter is checked at once (a bad one throws here), the images are read as the pages are asked for.
   */
  matching(ownerId: string, query: ImageFilterQuery, pageSize = 100): AsyncGenerator<ImageWithResult[]> {
    const filter = filterOf(query);
    const images = this.images;
    return (async function* () {
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const page = await images.list(ownerId, pageSize, after, filter);
        if (page.length > 0) yield page;
        const last = page[page.length - 1];
        if (page.length < pageSize || !last) return;
        after = { createdAt: last.createdAt, id: last.id };
      }
    })();
  }

  /** The CSV rows of every image matching the filter (GET /v1/images/export.csv), a page of images at a time. */
  csvRows(ownerId: string, query: ImageFilterQuery): AsyncGenerator<Record<string, string>> {
    const pages = this.matching(ownerId, query);
    const reviewStates = this.reviewStates;
    return (async function* () {
      for await (const page of pages) {
        const decided = await reviewStates.of(
          ownerId,
          page.map((image) => image.id),
        );
        for (const image of page) yield csvRowOf(image satisfies CsvImage, reviewStateOf(image, decided));
      }
    })();
  }

  /**
   * Applies a CSV of corrected alt texts, titles and tags (POST /v1/images/import.csv), row by row, each through the
   * same edit as PATCH /v1/images/:id; a row that cannot be applied is refused with its reason and the others go on.
   */
  async importCsv(ownerId: string, text: string): Promise<ImageImportReport> {
    const report: ImageImportReport = { changed: [], unchanged: 0, refused: [] };
    for (const row of parseImportCsv(text)) {
      const refuse = (reason: string) => report.refused.push({ line: row.line, id: row.id, reason });
      if (row.refused !== undefined) {
        refuse(row.refused);
        continue;
      }
      const image = await this.images.get(ownerId, row.id);
      if (!image) {
        refuse('no image of yours has this id');
        continue;
      }
      if (!image.result) {
        refuse(`the image has no result yet (status ${image.status}): import its text once it is tagged`);
        continue;
      }
      const edit = editOf(image.result, row.text);
      if (!edit) {
        report.unchanged += 1;
        continue;
      }
      try {
        await this.edit(ownerId, row.id, edit);
        report.changed.push(row.id);
      } catch (error) {
        // Deleted or not tagged between the read and the edit: this row is refused, the rest of the file goes on.
        if (!(error instanceof HubError)) throw error;
        refuse(error.message);
      }
    }
    return report;
  }

  /** A person's edit of alt text, title or tags; the fields are marked edited and kept through re-tagging. */
  async edit(ownerId: string, id: string, edit: ImageEdit): Promise<ImageView> {
    const edited = await this.images.editResult(ownerId, id, (current) => applyEdit(current, edit), this.clock.now());
    if (edited) {
      const fields = EDITABLE_RESULT_FIELDS.filter((field) => edit[field] !== undefined);
      await this.events.emit('image.edited', { ownerId, imageId: id, fields });
      return (await this.views(ownerId, [edited]))[0];
    }
    if (!(await this.images.get(ownerId, id))) throw new NotFoundError('Image');
    throw new ConflictError('not_tagged', 'The image has no result yet: edit it once its status is done.');
  }

  /**
   * Tags the image again from its kept bytes, in `language` when given: the image goes back in the queue and its
   * tag-image job records the new result, keeping every field a person edited (result-edits.ts). The current result
   * stays until then. 409 when the image is being tagged already or its bytes are no longer kept.
   */
  async retag(ownerId: string, id: string, { language }: RetagImage): Promise<ImageView> {
    const image = await this.images.get(ownerId, id);
    if (!image) throw new NotFoundError('Image');
    if (!image.blobKey) throw bytesGone(image);
    if (!(await this.images.requeue(ownerId, id, language))) {
      // Someone else queued it (or retention took the bytes) between the read and the update.
      const now = await this.images.get(ownerId, id);
      if (!now) throw new NotFoundError('Image');
      if (!now.blobKey) throw bytesGone(now);
      throw taggingInProgress();
    }
    try {
      await this.queue.dispatch('tag-image', { imageId: id, ownerId }, id);
    } catch (error) {
      // The image is queued in its row; ImageRecovery dispatches it once the queue is back.
      this.logger.warn(`re-tag of image ${id} could not be dispatched yet: ${(error as Error).message}`);
    }
    return this.get(ownerId, id);
  }

  /** What happened to the image's result, oldest first. */
  async history(ownerId: string, id: string): Promise<ImageHistory> {
    if (!(await this.images.get(ownerId, id))) throw new NotFoundError('Image');
    return { items: await this.historyEntries.list(ownerId, id) };
  }

  async file(ownerId: string, id: string): Promise<{ bytes: Buffer; mimeType: string; fileName: string | null }> {
    const image = await this.images.get(ownerId, id);
    if (!image) throw new NotFoundError('Image');
    const bytes = image.blobKey ? await this.blobs.get(image.blobKey) : undefined;
    if (!bytes) {
      throw new HubError(
        410,
        'not_stored',
        'The image bytes were not kept (store=false or retention); only the result remains.',
      );
    }
    return { bytes, mimeType: image.mimeType, fileName: image.fileName };
  }

  async delete(ownerId: string, id: string): Promise<void> {
    const image = await this.images.delete(ownerId, id);
    if (!image) throw new NotFoundError('Image');
    if (image.blobKey) await this.blobs.delete(image.blobKey);
    await this.audit.record(ownerId, 'image.deleted', { id });
    await this.events.emit('image.deleted', { ownerId, imageId: id });
  }
}

/** How each source the API names is recorded: connectors by their provider name (connector-registry.ts). */
const RECORDED_SOURCE: Record<ImageSource, NonNullable<ImageFilter['source']>> = {
  upload: { source: 'upload' },
  api: { source: 'api' },
  url: { source: 'url' },
  shopify: { source: 'connector', connector: 'shopify' },
  drive: { source: 'connector', connector: 'google-drive' },
  slack: { source: 'connector', connector: 'slack' },
  wordpress: { source: 'connector', connector: 'wordpress' },
};

/** A person's decision when there is one, else the engine's flag. */
function reviewStateOf(image: ImageWithResult, decided: Map<string, ReviewState>): ReviewState {
  return decided.get(image.id) ?? engineReviewState(image);
}

function filterOf(query: ImageFilterQuery): ImageFilter {
  const words = query.q === undefined ? undefined : searchWords(query.q);
  if (words?.length === 0) throw new ValidationError('q: has no words to search for (letters or digits).');
  return {
    tags: query.tag && { terms: query.tag.map(normaliseTag), mode: query.tags },
    words,
    reviewNeeded: query.review === 'needed',
    status: query.status,
    source: query.source && RECORDED_SOURCE[query.source],
    createdFrom: query.from === undefined ? undefined : rangeStart(query.from),
    createdBefore: query.to === undefined ? undefined : rangeEnd(query.to),
    language: query.language,
  };
}

/** A page cursor: the position of the last item of a page (its time and id). */
export function formatCursor(image: Pick<ImageRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(`${image.createdAt.toISOString()}|${image.id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseCursor(cursor: string): { createdAt: Date; id: string } {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(createdAt ?? '');
  // Only the exact shape formatCursor writes gets near the database, which would fail on anything else.
  const ours =
    rest.length === 0 && UUID.test(id ?? '') && !Number.isNaN(date.getTime()) && date.toISOString() === createdAt;
  if (!ours)
    throw new ValidationError(
      'cursor: not a cursor this API returned; pass nextCursor from the previous page unchanged.',
      'invalid_cursor',
    );
  return { createdAt: date, id: id };
}

function lastSegment(url: string): string {
  return new URL(url).pathname.split('/').pop() ?? '';
}

/** The URL's last path segment, decoded; undefined when its percent-encoding is malformed. */
function fileNameOf(url: string): string | undefined {
  try {
    return decodeURIComponent(lastSegment(url));
  } catch {
    return undefined;
  }
}
