import { Inject, Injectable } from '@nestjs/common';
import type { TaggingResult } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';

export type ImageStatus = 'queued' | 'processing' | 'done' | 'failed';

export interface ImageRecord {
  id: string;
  ownerId: string;
  source: 'upload' | 'api' | 'url' | 'connector';
  fileName: string | null;
  mimeType: string;
  byteSize: number;
  sha256: string;
  blobKey: string | null;
  stored: boolean;
  language: string;
  status: ImageStatus;
  attempts: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export interface ImageWithResult extends ImageRecord {
  result: TaggingResult | null;
}

export type NewImage = Pick<ImageRecord, 'id' | 'source' | 'fileName' | 'mimeType' | 'byteSize' | 'sha256' | 'blobKey' | 'stored' | 'language'>;

type ResultRow = { payload: Uint8Array } | null;

/**
 * Every method takes the owner first: no query here can reach another owner's images. Results are stored
 * sealed (envelope encryption); this is the one place that seals and opens them.
 */
@Injectable()
export class ImageRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  private withResult(row: ImageRecord & { result: ResultRow }): ImageWithResult {
    const { result, ...image } = row;
    return { ...image, result: result ? this.vault.openJson<TaggingResult>(result.payload) : null };
  }

  async create(ownerId: string, image: NewImage): Promise<ImageRecord> {
    return (await this.db.prisma.image.create({ data: { ...image, ownerId } })) as ImageRecord;
  }

  async get(ownerId: string, id: string): Promise<ImageWithResult | undefined> {
    const row = await this.db.prisma.image.findFirst({ where: { id, ownerId }, include: { result: true } });
    return row ? this.withResult(row as ImageRecord & { result: ResultRow }) : undefined;
  }

  /** Newest first; the cursor is the last row of the previous page. */
  async list(ownerId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<ImageWithResult[]> {
    const rows = await this.db.prisma.image.findMany({
      where: {
        ownerId,
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

  /** Deletes the image and its result; returns the row that was deleted. */
  async delete(ownerId: string, id: string): Promise<ImageRecord | undefined> {
    return this.db.prisma.$transaction(async (tx) => {
      const image = await tx.image.findFirst({ where: { id, ownerId } });
      if (!image) return undefined;
      await tx.image.delete({ where: { id: image.id } });
      return image as ImageRecord;
    });
  }

  /** Claims a queued (or interrupted) image for a try; false when it is finished or gone. */
  async markProcessing(ownerId: string, id: string, attempt: number): Promise<boolean> {
    const result = await this.db.prisma.image.updateMany({
      where: { id, ownerId, status: { in: ['queued', 'processing'] } },
      data: { status: 'processing', attempts: attempt },
    });
    return result.count === 1;
  }

  async markDone(ownerId: string, id: string, result: TaggingResult, engineVersion: string, finishedAt: Date): Promise<void> {
    const sealed = { payload: this.vault.sealJson(result), keyId: this.vault.keyId, engineVersion, language: result.language };
    await this.db.prisma.$transaction([
      this.db.prisma.taggingResult.upsert({
        where: { imageId: id },
        create: { imageId: id, ownerId, ...sealed },
        update: sealed,
      }),
      this.db.prisma.image.updateMany({ where: { id, ownerId }, data: { status: 'done', error: null, finishedAt } }),
    ]);
  }

  async markFailed(ownerId: string, id: string, error: string, finishedAt: Date): Promise<void> {
    await this.db.prisma.image.updateMany({ where: { id, ownerId }, data: { status: 'failed', error, finishedAt } });
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
    return (await this.db.prisma.image.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: limit,
    })) as ImageRecord[];
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

  /** For boot-time recovery across all owners: images a crash or restart left unfinished. */
  async listUnfinished(): Promise<Array<{ id: string; ownerId: string }>> {
    return this.db.prisma.image.findMany({
      where: { status: { in: ['queued', 'processing'] } },
      select: { id: true, ownerId: true },
      orderBy: { createdAt: 'asc' },
    });
  }
}
