import { Injectable, OnModuleInit } from '@nestjs/common';
import type {
  ImageHistoryKind,
  ImageView,
  ReviewBulkResult,
  ReviewDecision,
  ReviewDecisionState,
  ReviewEdit,
  ReviewItem,
  ReviewPage,
  ReviewQueueQuery,
} from '@tagphoto/contracts';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { HubError, ValidationError } from '../../common/errors';
import type { Principal } from '../auth/principal';
import { ImageEvents } from '../images/image-events';
import { ImageHistory } from '../images/image-history.service';
import { ImageReviewStates } from '../images/image-review-states';
import { formatCursor, ImagesService, parseCursor } from '../images/images.service';
import { HeldSuggestionRecord, HeldSuggestionRepository } from './held-suggestion.repository';
import { Decider, ImageReviewRecord, ImageReviewRepository } from './image-review.repository';
import { alreadyDecided, ReviewService } from './review.service';

/** What a person does with a queued item. */
export type ReviewAction = { kind: 'approve' } | { kind: 'reject' } | { kind: 'edit'; edit: ReviewEdit };

const STATE_OF: Record<ReviewAction['kind'], ReviewDecisionState> = {
  approve: 'approved',
  edit: 'edited',
  reject: 'rejected',
};

/** The fields a review edit can rewrite. */
const REVIEW_EDIT_FIELDS = ['altText', 'title'] as const;

const HISTORY_KIND_OF: Record<ReviewAction['kind'], ImageHistoryKind> = {
  approve: 'review_approved',
  edit: 'review_edited',
  reject: 'review_rejected',
};

type Entry = { createdAt: Date; id: string } & (
  { kind: 'image'; record: ImageReviewRecord } | { kind: 'suggestion'; record: HeldSuggestionRecord }
);

const deciderOf = (principal: Principal): Decider => ({ via: principal.via, apiKeyId: principal.apiKeyId ?? null });

const notUnderReview = (): HubError =>
  new HubError(
    404,
    'not_under_review',
    'This image is not in the review queue: the engine did not flag its result and no connection holds a suggestion for it.',
  );

/**
 * The owner's review queue across every source: images whose result the engine flagged (`review.needed`) and the
 * suggestions every connection holds. Deciding on a held suggestion goes through ReviewService, whose
 * `review-publish` job writes it to the item; deciding on an image records the decision and applies an edit as a
 * person's edit of the image (which reaches a connector's item the same way).
 */
@Injectable()
export class ReviewQueueService implements OnModuleInit {
  constructor(
    private readonly reviews: ImageReviewRepository,
    private readonly held: HeldSuggestionRepository,
    private readonly review: ReviewService,
    private readonly images: ImagesService,
    private readonly events: ImageEvents,
    private readonly history: ImageHistory,
    private readonly reviewStates: ImageReviewStates,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.on('image.tagged', ({ ownerId, image }) => this.tagged(ownerId, image));
    this.reviewStates.provide((ownerId, imageIds) => this.reviews.statesOf(ownerId, imageIds));
  }

  /** Follows the engine's flag each time an image is tagged (again). */
  async tagged(ownerId: string, image: ImageView): Promise<void> {
    const review = image.result?.review;
    if (review?.needed) await this.reviews.flag(ownerId, image.id, review.reasons);
    else await this.reviews.unflag(ownerId, image.id);
  }

  /** One page of the queue, oldest first: both sources are read from the cursor on and merged in queue order. */
  async page(ownerId: string, { limit, cursor }: ReviewQueueQuery): Promise<ReviewPage> {
    const after = cursor === undefined ? undefined : parseCursor(cursor);
    const [flagged, held, flaggedCount, heldCount] = await Promise.all([
      this.reviews.listWaiting(ownerId, limit + 1, after),
      this.held.listHeldOfOwner(ownerId, limit + 1, after),
      this.reviews.countWaiting(ownerId),
      this.held.countHeld(ownerId),
    ]);
    const entries: Entry[] = [
      ...flagged.map((record) => ({ kind: 'image' as const, createdAt: record.createdAt, id: record.imageId, record })),
      ...held.map((record) => ({
        kind: 'suggestion' as const,
        createdAt: record.createdAt,
        id: record.imageId,
        record,
      })),
    ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await Promise.all(page.map((entry) => this.itemOf(ownerId, entry))),
      nextCursor: entries.length > limit && last ? formatCursor(last) : null,
      total: flaggedCount + heldCount,
    };
  }

  /** Everything the queue recorded for the owner: what waited, what was decided, by whom and when (account export). */
  async records(ownerId: string): Promise<ImageReviewRecord[]> {
    return this.reviews.listAll(ownerId);
  }

  /** Decides on one queued item; 404 for an id that is not the owner's image, 409 once someone decided. */
  async decide(principal: Principal, id: string, action: ReviewAction): Promise<ReviewDecision> {
    const { ownerId } = principal;
    const by = deciderOf(principal);
    const state = STATE_OF[action.kind];
    const at = this.clock.now();
    const suggestion = await this.held.get(ownerId, id);
    if (suggestion) {
      await this.decideSuggestion(ownerId, suggestion, action);
      await this.reviews.record(ownerId, id, state, by, at);
    } else if (await this.reviews.decide(ownerId, id, state, by, at)) {
      await this.history.record(ownerId, id, {
        kind: HISTORY_KIND_OF[action.kind],
        at,
        fields: action.kind === 'edit' ? REVIEW_EDIT_FIELDS.filter((field) => action.edit[field] !== undefined) : [],
      });
      if (action.kind === 'edit') await this.images.edit(ownerId, id, action.edit);
    } else {
      if (await this.reviews.get(ownerId, id)) throw alreadyDecided();
      await this.images.get(ownerId, id); // 404 when the image is not the owner's
      throw notUnderReview();
    }
    return { id, state, decidedAt: at.toISOString(), decidedBy: by };
  }

  /** Decides on each id in turn; an id that fails is answered with its error and the others go on. */
  async decideEach(
    principal: Principal,
    requests: Array<{ id: string; action: ReviewAction }>,
  ): Promise<ReviewBulkResult> {
    const results: ReviewBulkResult['results'] = [];
    const seen = new Set<string>();
    for (const { id, action } of requests) {
      try {
        if (seen.has(id)) throw new ValidationError(`${id} is listed more than once; send each id once.`, 'invalid_id');
        seen.add(id);
        if (!z.uuid().safeParse(id).success)
          throw new ValidationError(`${id} is not an image id (a UUID from GET /v1/review).`, 'invalid_id');
        results.push({ id, status: 200, decision: await this.decide(principal, id, action), error: null });
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        results.push({ id, status: error.status, decision: null, error: { code: error.code, message: error.message } });
      }
    }
    return { results };
  }

  private async decideSuggestion(
    ownerId: string,
    suggestion: HeldSuggestionRecord,
    action: ReviewAction,
  ): Promise<void> {
    const { connectionId, imageId } = suggestion;
    if (action.kind === 'reject') return this.review.reject(ownerId, connectionId, imageId);
    const altText = action.kind === 'edit' ? action.edit.altText : undefined;
    await this.review.approve(ownerId, connectionId, imageId, { altText });
    // A suggestion proposes alt text only; a title the person wrote is their edit of the image.
    if (action.kind === 'edit' && action.edit.title !== undefined)
      await this.images.edit(ownerId, imageId, { title: action.edit.title });
  }

  private async itemOf(ownerId: string, entry: Entry): Promise<ReviewItem> {
    const image = await this.images.get(ownerId, entry.id);
    const common = {
      id: entry.id,
      reasons: entry.record.reasons,
      stored: image.stored,
      fileName: image.fileName,
      createdAt: entry.createdAt.toISOString(),
    };
    if (entry.kind === 'suggestion') {
      const { altText, imageUrl, context, connectionId } = entry.record;
      return { ...common, kind: 'suggestion', altText, title: null, imageUrl, context, connectionId };
    }
    return {
      ...common,
      kind: 'image',
      altText: image.result?.altText ?? '',
      title: image.result?.title ?? null,
      imageUrl: null,
      context: null,
      connectionId: null,
    };
  }
}
