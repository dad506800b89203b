import { Inject, Injectable } from '@nestjs/common';
import {
  heldSuggestionStateSchema,
  reviewReasonSchema,
  type HeldSuggestionState,
  type ReviewReason,
} from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { Vault } from '../../storage/vault';
import { afterPosition, type QueuePosition } from './image-review.repository';

/** What a connector proposes to publish for one item, and where a reviewer can see it. */
export interface SuggestionContent {
  altText: string;
  /** What the item belongs to at the provider, e.g. the product title. */
  context: string | null;
  /** Where the provider serves the picture. */
  imageUrl: string | null;
}

export interface NewHeldSuggestion extends SuggestionContent {
  imageId: string;
  connectionId: string;
  externalId: string;
  reasons: ReviewReason[];
}

export interface HeldSuggestionRecord extends NewHeldSuggestion {
  state: HeldSuggestionState;
  createdAt: Date;
  decidedAt: Date | null;
}

interface Row {
  imageId: string;
  connectionId: string;
  externalId: string;
  state: string;
  reasons: string[];
  payload: Uint8Array;
  createdAt: Date;
  decidedAt: Date | null;
}

/** Held suggestions, owner-first; their text is sealed like tagging results (it is one). */
@Injectable()
export class HeldSuggestionRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: Vault,
  ) {}

  private toRecord(row: Row): HeldSuggestionRecord {
    const content = this.vault.openJson<SuggestionContent>(row.payload);
    return {
      imageId: row.imageId,
      connectionId: row.connectionId,
      externalId: row.externalId,
      state: heldSuggestionStateSchema.parse(row.state),
      // A reason a later engine no longer knows is dropped rather than failing the whole list.
      reasons: row.reasons.flatMap((reason) => {
        const known = reviewReasonSchema.safeParse(reason);
        return known.success ? [known.data] : [];
      }),
      altText: content.altText,
      context: content.context,
      imageUrl: content.imageUrl,
      createdAt: row.createdAt,
      decidedAt: row.decidedAt,
    };
  }

  /** Holds a suggestion for the image (one per image: holding again replaces it and waits for a decision again). */
  async hold(ownerId: string, suggestion: NewHeldSuggestion): Promise<void> {
    const content: SuggestionContent = {
      altText: suggestion.altText,
      context: suggestion.context,
      imageUrl: suggestion.imageUrl,
    };
    const sealed = { payload: this.vault.sealJson(content), keyId: this.vault.keyId };
    const fields = {
      connectionId: suggestion.connectionId,
      externalId: suggestion.externalId,
      reasons: suggestion.reasons,
      state: 'held',
      decidedAt: null,
    };
    await this.db.prisma.heldSuggestion.upsert({
      where: { imageId: suggestion.imageId },
      create: { ownerId, imageId: suggestion.imageId, ...fields, ...sealed },
      update: { ...fields, ...sealed },
    });
  }

  async get(ownerId: string, imageId: string): Promise<HeldSuggestionRecord | undefined> {
    const row = await this.db.prisma.heldSuggestion.findFirst({ where: { ownerId, imageId } });
    return row ? this.toRecord(row) : undefined;
  }

  /** The suggestions of a connection still waiting for a person, oldest first. */
  async listHeld(ownerId: string, connectionId: string, limit = 100): Promise<HeldSuggestionRecord[]> {
    const rows = await this.db.prisma.heldSuggestion.findMany({
      where: { ownerId, connectionId, state: 'held' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map((row) => this.toRecord(row));
  }

  /** The suggestions of every connection of the owner still waiting, in the review queue's order. */
  async listHeldOfOwner(ownerId: string, limit: number, after?: QueuePosition): Promise<HeldSuggestionRecord[]> {
    const rows = await this.db.prisma.heldSuggestion.findMany({
      where: { ownerId, state: 'held', ...afterPosition(after) },
      orderBy: [{ createdAt: 'asc' }, { imageId: 'asc' }],
      take: limit,
    });
    return rows.map((row) => this.toRecord(row));
  }

  async countHeld(ownerId: string): Promise<number> {
    return this.db.prisma.heldSuggestion.count({ where: { ownerId, state: 'held' } });
  }

  /** Every suggestion of the owner, decided or not (for the account export). */
  async listAll(ownerId: string): Promise<HeldSuggestionRecord[]> {
    const rows = await this.db.prisma.heldSuggestion.findMany({
      where: { ownerId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => this.toRecord(row));
  }

  /** Records a decision on a suggestion still held; false when there is none or someone decided first. */
  async decide(
    ownerId: string,
    imageId: string,
    state: Exclude<HeldSuggestionState, 'held'>,
    at: Date,
  ): Promise<boolean> {
    const { count } = await this.db.prisma.heldSuggestion.updateMany({
      where: { ownerId, imageId, state: 'held' },
      data: { state, decidedAt: at },
    });
    return count === 1;
  }
}
