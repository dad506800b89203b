import { Inject, Injectable } from '@nestjs/common';
import { imageHistoryKindSchema, languageSchema, type ImageHistoryEntry } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import type { Prisma } from '../../generated/prisma/client';

/** An event to add to an image's history; what it names is only kinds, field names and codes, never result text. */
export interface NewHistoryEntry {
  kind: ImageHistoryEntry['kind'];
  at: Date;
  fields?: readonly string[];
  engine?: string | null;
  language?: string | null;
  connector?: string | null;
}

/** The events an image's history answers with: the latest ones, shown oldest first. */
export const HISTORY_LIMIT = 200;

interface Row {
  kind: string;
  at: Date;
  fields: string[];
  engine: string | null;
  language: string | null;
  connector: string | null;
}

/** The history of each image, owner first in every method; its rows cascade from the image. */
@Injectable()
export class ImageHistoryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Adds an event to the owner's image; nothing when the image is not the owner's or is gone. Pass the transaction
   * that changes the result, so the event is written with it or not at all.
   */
  async add(ownerId: string, imageId: string, entry: NewHistoryEntry, tx?: Prisma.TransactionClient): Promise<void> {
    const client = tx ?? this.db.prisma;
    // One statement: the image is checked to be the owner's where the row is written, so a deletion in between
    // leaves nothing behind rather than failing the caller.
    await client.$executeRaw`
      INSERT INTO "ImageHistoryEntry" ("imageId", "ownerId", "kind", "fields", "engine", "language", "connector", "at")
      SELECT "id", "ownerId", ${entry.kind}, ${[...(entry.fields ?? [])]}::text[],
        ${entry.engine ?? null}, ${entry.language ?? null}, ${entry.connector ?? null}, ${entry.at}
      FROM "Image" WHERE "id" = ${imageId}::uuid AND "ownerId" = ${ownerId}::uuid`;
  }

  /** The image's latest events, oldest first. */
  async list(ownerId: string, imageId: string): Promise<ImageHistoryEntry[]> {
    const rows = await this.db.prisma.imageHistoryEntry.findMany({
      where: { ownerId, imageId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: HISTORY_LIMIT,
    });
    return rows.reverse().flatMap(toEntry);
  }

  /** Every event of the owner's images, oldest first (for the account export). */
  async listAll(ownerId: string): Promise<Array<ImageHistoryEntry & { imageId: string }>> {
    const rows = await this.db.prisma.imageHistoryEntry.findMany({
      where: { ownerId },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.flatMap((row) => toEntry(row).map((entry) => ({ imageId: row.imageId, ...entry })));
  }
}

/** A kind a later hub no longer knows is left out rather than failing the whole history. */
function toEntry(row: Row): ImageHistoryEntry[] {
  const kind = imageHistoryKindSchema.safeParse(row.kind);
  if (!kind.success) return [];
  const language = languageSchema.safeParse(row.language);
  return [
    {
      kind: kind.data,
      at: row.at.toISOString(),
      fields: row.fields,
      engine: row.engine,
      language: language.success ? language.data : null,
      connector: row.connector,
    },
  ];
}
