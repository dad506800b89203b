import { Inject, Injectable } from '@nestjs/common';
import { type EditableResultField, reviewSchema, type TaggingResult } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Prisma } from '../../generated/prisma/client';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import { ImageHistoryRepository } from './image-history.repository';
import { type ImageFilter, ImageSearchRepository } from './image-search.repository';
import { keepEdits, mergeEditedFields } from './result-edits';

export type ImageStatus = 'queued' | 'processing' | 'done' | 'failed';

/** Statuses of an image whose tagging has an outcome (a result or an error). */
const FINISHED_STATUSES: ImageStatus[] = ['done', 'failed'];

export function isFinished(status: ImageStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

export interface ImageRecord {
  id: string;
  ownerId: string;
  source: 'upload' | 'api' | 'url' | 'connector';
  /** With source "connector": the connector's provider name. */
  connector: string | null;
  /** With source "connector": the item in the connector's system (a Shopify media, a Drive file, …). */
  externalId: string | null;
  fileName: string | null;
  mimeType: string;
  byteSize: number;
  sha256: string;
  blobKey: string | null;
  stored: boolean;
  language: string;
  /** Whether the caller let the vision backend caption it (POST /v1/images vision=false: no). */
  vision: boolean;
  status: ImageStatus;
  attempts: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** When the event of the current outcome went out; null while it is owed. */
  announcedAt: Date | null;
  expiresAt: Date | null;
}

export interface ImageWithResult extends ImageRecord {
  result: TaggingResult | null;
  /** Result fields a person edited; empty when there is no result. */
  editedFields: string[];
}

export type NewImage = Pick<
  ImageRecord,
  'id' | 'source' | 'fileName' | 'mimeType' | 'byteSize' | 'sha256' | 'blobKey' | 'stored' | 'language'
> &
  Partial<Pick<ImageRecord, 'vision' | 'connector' | 'externalId'>>;

type ResultRow = { payload: Uint8Array; editedFields: string[] } | null;

/**
 * Every method takes the owner first: no query here can reach another owner's images. Results are stored
 * sealed (envelope encryption); this is the one place that seals and opens them.
 */
@Injectable()
export class ImageRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
    private readonly search: ImageSearchRepository,
    private readonly history: ImageHistoryRepository,
  ) {}

  private withResult(row: ImageRecord & { result: ResultRow }): ImageWithResult {
    const { result, ...image } = row;
    return {
      ...image,
      result: result ? withReview(this.vault.openJson<TaggingResult>(result.payload)) : null,
      editedFields: result?.editedFields ?? [],
    };
  }

  /**
   * A `callbackUrl` goes into the webhooks' outbox (ImageCallback) in the same statement: an accepted image never
   * lacks the callback its caller asked for.
   */
  async create(ownerId: string, image: NewImage, callbackUrl?: string): Promise<ImageRecord> {
    return await this.db.prisma.image.create({
      data: { ...image, ownerId, ...(callbackUrl && { callback: { create: { ownerId, callbackUrl } } }) },
    });
  }

  async get(ownerId: string, id: string): Promise<ImageWithResult | undefined> {
    const row = await this.db.prisma.image.findFirst({ where: { id, ownerId }, include: { result: true } });
    return row ? this.withResult(row) : undefined;
  }

  /**
   * The newest finished image a connector made of an item (by its external id and file name): a worker that
   * stopped between the engine's result and recording it on the item left it, and it need not be tagged again.
   */
  async findFinishedConnectorImage(
    ownerId: string,
    externalId: string,
    fileName: string,
  ): Promise<ImageWithResult | undefined> {
    const row = await this.db.prisma.image.findFirst({
      where: { ownerId, source: 'connector', externalId, fileName, status: 'done' },
      include: { result: true },
      orderBy: { createdAt: 'desc' },
    });
    return row ? this.withResult(row) : undefined;
  }

  /** Newest first; the cursor is the last row of the previous page. */
  async list(
    ownerId: string,
    limit: number,
    after?: { createdAt: Date; id: string },
    filter: ImageFilter = {},
  ): Promise<ImageWithResult[]> {
    if (this.search.searchesResults(filter)) {
      const ids = await this.search.pageIds(ownerId, limit, after, filter);
      const rows = await this.db.prisma.image.findMany({
        where: { ownerId, id: { in: ids } },
        include: { result: true },
      });
      const byId = new Map(rows.map((row) => [row.id, this.withResult(row as ImageRecord & { result: ResultRow })]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    }
    const rows = await this.db.prisma.image.findMany({
      where: {
        ownerId,
        status: filter.status,
        source: filter.source?.source,
        connector: filter.source?.connector,
        language: filter.language,
        createdAt: { gte: filter.createdFrom, lt: filter.createdBefore },
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { result: true },
    });
    return rows.map((row) => this.withResult(row as ImageRecord & { result: ResultRow }));
  }

  /** Deletes the image, its result and its search terms (they cascade); returns the row that was deleted. */
  async delete(ownerId: string, id: string): Promise<ImageRecord | undefined> {
    return this.db.prisma.$transaction(async (tx) => {
      const image = await tx.image.findFirst({ where: { id, ownerId } });
      if (!image) return undefined;
      await tx.image.delete({ where: { id: image.id } });
      return image;
    });
  }

  /**
   * Puts a finished image whose bytes are kept back in the queue, in `language` when given, for the tag-image job to
   * tag again; the result stays as it is until the new one is recorded. False when the image is not finished or its
   * bytes are gone (or it is not the owner's).
   */
  async requeue(ownerId: string, id: string, language: string | undefined): Promise<boolean> {
    const { count } = await this.db.prisma.image.updateMany({
      where: { id, ownerId, status: { in: FINISHED_STATUSES }, blobKey: { not: null } },
      data: { status: 'queued', attempts: 0, error: null, ...(language && { language }) },
    });
    return count === 1;
  }

  /** Claims a queued (or interrupted) image for a try; false when it is finished or gone. */
  async markProcessing(ownerId: string, id: string, attempt: number): Promise<boolean> {
    const result = await this.db.prisma.image.updateMany({
      where: { id, ownerId, status: { in: ['queued', 'processing'] } },
      data: { status: 'processing', attempts: attempt },
    });
    return result.count === 1;
  }

  /** Records the engine's result; fields a person edited keep the person's text (re-tagging never overwrites them). */
  async markDone(
    ownerId: string,
    id: string,
    result: TaggingResult,
    engineVersion: string,
    finishedAt: Date,
  ): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      const previous = await this.lockResult(tx, ownerId, id);
      const kept =
        previous && previous.editedFields.length > 0
          ? keepEdits(result, this.vault.openJson<TaggingResult>(previous.payload), previous.editedFields)
          : result;
      const sealed = {
        payload: this.vault.sealJson(kept),
        keyId: this.vault.keyId,
        engineVersion,
        language: kept.language,
      };
      await tx.taggingResult.upsert({
        where: { imageId: id },
        create: { imageId: id, ownerId, ...sealed },
        update: sealed,
      });
      await this.search.replaceTerms(tx, ownerId, id, kept);
      await tx.image.updateMany({
        where: { id, ownerId },
        data: { status: 'done', error: null, finishedAt, announcedAt: null },
      });
      const entry = { at: finishedAt, engine: engineVersion, language: kept.language };
      await this.history.add(
        ownerId,
        id,
        previous ? { ...entry, kind: 'retagged', fields: previous.editedFields } : { ...entry, kind: 'tagged' },
        tx,
      );
    });
  }

  /**
   * Opens the sealed result, applies a person's edit, re-seals it, marks the edited fields and adds the edit to the
   * image's history; undefined when the image has no result (not tagged yet, or not the owner's).
   */
  async editResult(
    ownerId: string,
    id: string,
    edit: (current: TaggingResult) => { result: TaggingResult; fields: EditableResultField[] },
    at: Date,
  ): Promise<ImageWithResult | undefined> {
    const edited = await this.db.prisma.$transaction(async (tx) => {
      const previous = await this.lockResult(tx, ownerId, id);
      if (!previous) return false;
      const { result, fields } = edit(this.vault.openJson<TaggingResult>(previous.payload));
      await tx.taggingResult.update({
        where: { imageId: id },
        data: {
          payload: this.vault.sealJson(result),
          keyId: this.vault.keyId,
          editedFields: mergeEditedFields(previous.editedFields, fields),
        },
      });
      await this.search.replaceTerms(tx, ownerId, id, result);
      await this.history.add(ownerId, id, { kind: 'edited', at, fields }, tx);
      return true;
    });
    return edited ? this.get(ownerId, id) : undefined;
  }

  /** The owner's result row, locked until the transaction ends so an edit and a re-tag never interleave. */
  /** Owners with at least one result: where the search re-index walks (ImageSearchIndex), one owner at a time. */
  async ownersWithResults(): Promise<string[]> {
    const rows = await this.db.prisma.taggingResult.findMany({ distinct: ['ownerId'], select: { ownerId: true } });
    return rows.map((row) => row.ownerId);
  }

  /**
   * Hashes the search terms of up to `limit` of the owner's results (after `afterId`, in id order) anew under the
   * current master key, each under the lock an edit takes; answers the ids done.
   */
  async reindexSearchTerms(ownerId: string, afterId: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.db.prisma.taggingResult.findMany({
      where: { ownerId, ...(afterId && { imageId: { gt: afterId } }) },
      orderBy: { imageId: 'asc' },
      take: limit,
      select: { imageId: true },
    });
    for (const { imageId } of rows) {
      await this.db.prisma.$transaction(async (tx) => {
        const locked = await this.lockResult(tx, ownerId, imageId);
        if (locked)
          await this.search.replaceTerms(tx, ownerId, imageId, this.vault.openJson<TaggingResult>(locked.payload));
      });
    }
    return rows.map((row) => row.imageId);
  }

  private async lockResult(
    tx: Prisma.TransactionClient,
    ownerId: string,
    id: string,
  ): Promise<{ payload: Uint8Array; editedFields: string[] } | undefined> {
    const rows = await tx.$queryRaw<Array<{ payload: Uint8Array; editedFields: string[] }>>`
      SELECT "payload", "editedFields" FROM "TaggingResult"
      WHERE "imageId" = ${id}::uuid AND "ownerId" = ${ownerId}::uuid FOR UPDATE`;
    return rows[0];
  }

  async markFailed(ownerId: string, id: string, error: string, finishedAt: Date): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      await tx.image.updateMany({
        where: { id, ownerId },
        data: { status: 'failed', error, finishedAt, announcedAt: null },
      });
      await this.history.add(ownerId, id, { kind: 'tagging_failed', at: finishedAt }, tx);
    });
  }

  /** The image.tagged / image.failed event of the outcome recorded at `finishedAt` went out. */
  async markAnnounced(ownerId: string, id: string, finishedAt: Date, now: Date): Promise<void> {
    await this.db.prisma.image.updateMany({ where: { id, ownerId, finishedAt }, data: { announcedAt: now } });
  }

  /** When the image's bytes (and by the owner's setting its result) are due for deletion; null keeps them. */
  async setExpiry(ownerId: string, id: string, expiresAt: Date | null): Promise<void> {
    await this.db.prisma.image.updateMany({ where: { id, ownerId }, data: { expiresAt } });
  }

  /** Forgets the blob key once the bytes are deleted (ephemeral images after their job). */
  async clearBlob(ownerId: string, id: string): Promise<void> {
    await this.db.prisma.image.updateMany({ where: { id, ownerId }, data: { blobKey: null } });
  }

  /** For the retention sweep across all owners: images whose expiry has passed. */
  async listExpired(now: Date, limit: number): Promise<ImageRecord[]> {
    return await this.db.prisma.image.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: limit,
    });
  }

  /** Re-dates every finished image of an owner after a retention change (null: keep). */
  async setExpiryForAll(ownerId: string, days: number | null): Promise<void> {
    if (days === null) {
      await this.db.prisma.image.updateMany({ where: { ownerId }, data: { expiresAt: null } });
      return;
    }
    await this.db.prisma.$executeRaw`
      UPDATE "Image" SET "expiresAt" = "finishedAt" + make_interval(days => ${days}::int)
      WHERE "ownerId" = ${ownerId}::uuid AND "finishedAt" IS NOT NULL`;
  }

  /** Makes every finished image of an owner due now (retention switched to delete-after-processing). */
  async expireAllNow(ownerId: string, now: Date): Promise<void> {
    await this.db.prisma.image.updateMany({ where: { ownerId, finishedAt: { not: null } }, data: { expiresAt: now } });
  }

  /** For recovery across all owners: images last updated before `before` still unfinished, or finished but unannounced. */
  async listUnsettled(before: Date): Promise<Array<{ id: string; ownerId: string; status: ImageStatus }>> {
    return this.db.prisma.image.findMany({
      where: {
        updatedAt: { lt: before },
        OR: [{ status: { in: ['queued', 'processing'] } }, { status: { in: FINISHED_STATUSES }, announcedAt: null }],
      },
      select: { id: true, ownerId: true, status: true },
      orderBy: { createdAt: 'asc' },
    });
  }
}

/** Results stored before the engine flagged uncertain ones read as not needing review. */
function withReview(result: TaggingResult): TaggingResult {
  return { ...result, review: reviewSchema.parse(result.review) };
}
