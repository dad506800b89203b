import { Inject, Injectable } from '@nestjs/common';
import { reviewReasonSchema, type ReviewDecisionState, type ReviewReason } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

/** Who decided: how the person was signed in, and the API key when it was one. */
export interface Decider {
  via: 'session' | 'api-key';
  apiKeyId: string | null;
}

export interface ImageReviewRecord {
  imageId: string;
  state: 'needed' | ReviewDecisionState;
  reasons: ReviewReason[];
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: Decider | null;
}

/** A position in the queue, which is ordered by when an item arrived and then by its image id. */
export interface QueuePosition {
  createdAt: Date;
  id: string;
}

interface Row {
  imageId: string;
  state: string;
  reasons: string[];
  createdAt: Date;
  decidedAt: Date | null;
  decidedVia: string | null;
  decidedByApiKeyId: string | null;
}

const toRecord = (row: Row): ImageReviewRecord => ({
  imageId: row.imageId,
  state: row.state as ImageReviewRecord['state'],
  // A reason a later engine no longer knows is dropped rather than failing the whole queue.
  reasons: row.reasons.flatMap((reason) => {
    const known = reviewReasonSchema.safeParse(reason);
    return known.success ? [known.data] : [];
  }),
  createdAt: row.createdAt,
  decidedAt: row.decidedAt,
  decidedBy: row.decidedVia
    ? { via: row.decidedVia === 'api-key' ? 'api-key' : 'session', apiKeyId: row.decidedByApiKeyId }
    : null,
});

/** After a queue position, in queue order (for cursor pages). */
export const afterPosition = (after: QueuePosition | undefined) =>
  after && {
    OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, imageId: { gt: after.id } }],
  };

/** The owner's review queue of flagged images and the decisions people made on it; owner first in every method. */
@Injectable()
export class ImageReviewRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The engine flagged the image: it waits for a person, unless a person already decided on it. */
  async flag(ownerId: string, imageId: string, reasons: ReviewReason[]): Promise<void> {
    await this.db.prisma.imageReview.createMany({ data: [{ ownerId, imageId, reasons }], skipDuplicates: true });
    await this.db.prisma.imageReview.updateMany({ where: { ownerId, imageId, state: 'needed' }, data: { reasons } });
  }

  /** Tagged again without a flag: nothing to review any more (a decision already made stays on record). */
  async unflag(ownerId: string, imageId: string): Promise<void> {
    await this.db.prisma.imageReview.deleteMany({ where: { ownerId, imageId, state: 'needed' } });
  }

  async get(ownerId: string, imageId: string): Promise<ImageReviewRecord | undefined> {
    const row = await this.db.prisma.imageReview.findFirst({ where: { ownerId, imageId } });
    return row ? toRecord(row) : undefined;
  }

  /** Flagged images still waiting, in queue order; images with a held suggestion are reviewed as that suggestion. */
  async listWaiting(ownerId: string, limit: number, after?: QueuePosition): Promise<ImageReviewRecord[]> {
    const rows = await this.db.prisma.imageReview.findMany({
      where: { ownerId, state: 'needed', image: { held: null }, ...afterPosition(after) },
      orderBy: [{ createdAt: 'asc' }, { imageId: 'asc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** The state of each of these images the queue has a record of: waiting ('needed') or what a person decided. */
  async statesOf(ownerId: string, imageIds: string[]): Promise<Map<string, ImageReviewRecord['state']>> {
    const rows = await this.db.prisma.imageReview.findMany({
      where: { ownerId, imageId: { in: imageIds } },
      select: { imageId: true, state: true },
    });
    return new Map(rows.map((row) => [row.imageId, row.state as ImageReviewRecord['state']]));
  }

  async countWaiting(ownerId: string): Promise<number> {
    return this.db.prisma.imageReview.count({ where: { ownerId, state: 'needed', image: { held: null } } });
  }

  /** Every record of the owner, waiting or decided (for the account export). */
  async listAll(ownerId: string): Promise<ImageReviewRecord[]> {
    const rows = await this.db.prisma.imageReview.findMany({
      where: { ownerId },
      orderBy: [{ createdAt: 'asc' }, { imageId: 'asc' }],
    });
    return rows.map(toRecord);
  }

  /** Decides on a flagged image still waiting; false when it is not waiting (not flagged, or decided first by someone). */
  async decide(ownerId: string, imageId: string, state: ReviewDecisionState, by: Decider, at: Date): Promise<boolean> {
    const { count } = await this.db.prisma.imageReview.updateMany({
      where: { ownerId, imageId, state: 'needed' },
      data: { state, decidedAt: at, decidedVia: by.via, decidedByApiKeyId: by.apiKeyId },
    });
    return count === 1;
  }

  /** Records who decided on a held suggestion (whose own row says what was decided), flagged or not. */
  async record(ownerId: string, imageId: string, state: ReviewDecisionState, by: Decider, at: Date): Promise<void> {
    const decision = { state, decidedAt: at, decidedVia: by.via, decidedByApiKeyId: by.apiKeyId };
    await this.db.prisma.imageReview.upsert({
      where: { imageId },
      create: { ownerId, imageId, ...decision },
      update: decision,
    });
  }
}
