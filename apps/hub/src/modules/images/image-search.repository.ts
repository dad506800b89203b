import { Inject, Injectable } from '@nestjs/common';
import type { TaggingResult } from '@tagphoto/contracts';
import { REVIEW_NEEDED, type SearchTermKind } from '@tagphoto/privacy';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Prisma } from '../../generated/prisma/client';
import { SearchTermHasher } from './image-search-terms';
import type { ImageRecord, ImageStatus } from './image.repository';

/** What GET /v1/images narrows the owner's images to; terms are normalised (libs/privacy/src/search-terms.ts). */
export interface ImageFilter {
  tags?: { terms: string[]; mode: 'any' | 'all' };
  /** Words that must all be in the result's texts. */
  words?: string[];
  reviewNeeded?: boolean;
  status?: ImageStatus;
  source?: Pick<ImageRecord, 'source'> & { connector?: string };
  createdFrom?: Date;
  createdBefore?: Date;
  language?: string;
}

/** Images that carry any one of these hashes. */
interface TermGroup {
  kind: SearchTermKind;
  hashes: Array<Uint8Array<ArrayBuffer>>;
}

/**
 * Counting a term's images stops here. The walk of the rarest term reads about 50 / (share of images carrying the
 * others) index entries for a page, so telling terms apart up to 10,000 images keeps a walk to some hundreds of
 * entries in a library of 100,000, while a count costs a few milliseconds (an index-only scan once autovacuum has
 * marked the pages all-visible).
 */
const COUNT_CAP = 10_000;

/**
 * The ImageSearchTerm table: the keyed hashes a sealed result is searched by, and the searches themselves. A search
 * walks the index of its rarest term newest first (ownerId, kind, hash, createdAt, imageId) and checks the other terms
 * and the image's own columns on the way, so a page costs about the same for a tag on every image as for a rare one.
 */
@Injectable()
export class ImageSearchRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly hasher: SearchTermHasher,
  ) {}

  /** Replaces the image's terms with those of its result, inside the transaction that stores the result. */
  async replaceTerms(
    tx: Prisma.TransactionClient,
    ownerId: string,
    imageId: string,
    result: TaggingResult,
  ): Promise<void> {
    const image = await tx.image.findFirst({ where: { id: imageId, ownerId }, select: { createdAt: true } });
    if (!image) return;
    await tx.imageSearchTerm.deleteMany({ where: { imageId, ownerId } });
    await tx.imageSearchTerm.createMany({
      data: this.hasher
        .stored(ownerId, result)
        .map((term) => ({ ...term, imageId, ownerId, createdAt: image.createdAt })),
    });
  }

  /** Whether the filter asks about results (and so goes through the terms) rather than only the image rows. */
  searchesResults(filter: ImageFilter): boolean {
    return Boolean(filter.tags?.terms.length || filter.words?.length || filter.reviewNeeded);
  }

  /** The ids of one page of the owner's images matching the filter, newest first, after the cursor. */
  async pageIds(
    ownerId: string,
    limit: number,
    after: { createdAt: Date; id: string } | undefined,
    filter: ImageFilter,
  ): Promise<string[]> {
    const [driver, ...others] = await this.rarestFirst(ownerId, this.groupsOf(ownerId, filter));
    if (!driver) return [];
    const conditions = [
      ...others.map(
        (group) => Prisma.sql`EXISTS (SELECT 1 FROM "ImageSearchTerm" o WHERE o."imageId" = t."imageId"
          AND o."kind" = ${group.kind}::"SearchTermKind" AND o."hash" IN (${Prisma.join(group.hashes)}))`,
      ),
      ...(after ? [Prisma.sql`(t."createdAt", t."imageId") < (${timestamp(after.createdAt)}, ${after.id}::uuid)`] : []),
      ...(filter.createdFrom ? [Prisma.sql`t."createdAt" >= ${timestamp(filter.createdFrom)}`] : []),
      ...(filter.createdBefore ? [Prisma.sql`t."createdAt" < ${timestamp(filter.createdBefore)}`] : []),
      ...(filter.status ? [Prisma.sql`i."status" = ${filter.status}::"ImageStatus"`] : []),
      ...(filter.source ? [Prisma.sql`i."source" = ${filter.source.source}::"ImageSource"`] : []),
      ...(filter.source?.connector ? [Prisma.sql`i."connector" = ${filter.source.connector}`] : []),
      ...(filter.language ? [Prisma.sql`i."language" = ${filter.language}`] : []),
    ];
    const where = conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    // One branch per hash, each an ordered walk of the index that stops after a page; UNION drops an image two share.
    const branches = driver.hashes.map(
      (hash) => Prisma.sql`(SELECT t."imageId", t."createdAt" FROM "ImageSearchTerm" t
        JOIN "Image" i ON i."id" = t."imageId"
        WHERE t."ownerId" = ${ownerId}::uuid AND t."kind" = ${driver.kind}::"SearchTermKind" AND t."hash" = ${hash}
        ${where}
        ORDER BY t."createdAt" DESC, t."imageId" DESC LIMIT ${limit})`,
    );
    const rows = await this.db.prisma.$queryRaw<Array<{ imageId: string }>>`
      SELECT "imageId" FROM (${Prisma.join(branches, ' UNION ')}) AS found
      ORDER BY "createdAt" DESC, "imageId" DESC LIMIT ${limit}`;
    return rows.map((row) => row.imageId);
  }

  /** Tags asked for together (any) are one group, each tag asked for with `all` and each word is its own. */
  private groupsOf(ownerId: string, filter: ImageFilter): TermGroup[] {
    const group = (kind: SearchTermKind, terms: string[]): TermGroup => ({
      kind,
      hashes: terms.flatMap((term) => this.hasher.matching(ownerId, { kind, term })),
    });
    const tags = filter.tags?.terms ?? [];
    return [
      ...(tags.length === 0
        ? []
        : filter.tags?.mode === 'all'
          ? tags.map((tag) => group('tag', [tag]))
          : [group('tag', tags)]),
      ...(filter.words ?? []).map((word) => group('word', [word])),
      ...(filter.reviewNeeded ? [group(REVIEW_NEEDED.kind, [REVIEW_NEEDED.term])] : []),
    ];
  }

  /** The groups, the one with the fewest images first (counted up to COUNT_CAP): the search walks that one. */
  private async rarestFirst(ownerId: string, groups: TermGroup[]): Promise<TermGroup[]> {
    if (groups.length < 2) return groups;
    const counts = await Promise.all(
      groups.map(async (group) => {
        const [row] = await this.db.prisma.$queryRaw<Array<{ count: number }>>`
          SELECT count(*)::int AS count FROM (SELECT 1 FROM "ImageSearchTerm"
            WHERE "ownerId" = ${ownerId}::uuid AND "kind" = ${group.kind}::"SearchTermKind"
              AND "hash" IN (${Prisma.join(group.hashes)}) LIMIT ${COUNT_CAP}) AS capped`;
        return { group, count: row?.count ?? 0 };
      }),
    );
    return counts.sort((a, b) => a.count - b.count).map(({ group }) => group);
  }
}

/**
 * Columns are `timestamp(3)` holding UTC (as Prisma writes them): the instant goes in as UTC text, whose offset such a
 * column ignores, so the session's time zone never shifts it.
 */
function timestamp(instant: Date): Prisma.Sql {
  return Prisma.sql`${instant.toISOString()}::timestamp(3)`;
}
