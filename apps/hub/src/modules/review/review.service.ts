import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EditableResultField, HeldSuggestion, ReviewApproval } from '@tagphoto/contracts';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError } from '../../common/errors';
import { Connections } from '../../connectors/connections.service';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ImageEvents } from '../images/image-events';
import { ImageHistory } from '../images/image-history.service';
import { ImageRecords } from '../images/image-records.service';
import { applyEdit } from '../images/result-edits';
import { HeldSuggestionRecord, HeldSuggestionRepository, NewHeldSuggestion } from './held-suggestion.repository';
import { PublishRefused, ReviewPublishers } from './review-publishers';

export const alreadyDecided = (): ConflictError =>
  new ConflictError('already_decided', 'This suggestion was already approved, edited or rejected.');

/**
 * Review before publish, for any connector: suggestions held by a connection's policy wait here for a person;
 * an approval, a rewrite, or a person's later edit of the image (PATCH /v1/images/:id) is published to the item
 * by a `review-publish` job, retried like any job. Which text is published is read when the job runs: a person's
 * edit of the image's alt text wins, then an approved suggestion; a held or rejected one is never written.
 */
@Injectable()
export class ReviewService implements OnModuleInit {
  private readonly logger = new Logger('review');

  constructor(
    private readonly held: HeldSuggestionRepository,
    private readonly images: ImageRecords,
    private readonly connections: Connections,
    private readonly publishers: ReviewPublishers,
    private readonly events: ImageEvents,
    private readonly history: ImageHistory,
    private readonly clock: Clock,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.events.on('image.edited', ({ ownerId, imageId, fields }) => this.personEdited(ownerId, imageId, fields));
  }

  async hold(ownerId: string, suggestion: NewHeldSuggestion): Promise<void> {
    await this.held.hold(ownerId, suggestion);
  }

  /** Every suggestion of the owner, decided or not (for the account export). */
  listAll(ownerId: string): Promise<HeldSuggestionRecord[]> {
    return this.held.listAll(ownerId);
  }

  async list(ownerId: string, connectionId: string): Promise<HeldSuggestion[]> {
    return (await this.held.listHeld(ownerId, connectionId)).map((record) => ({
      imageId: record.imageId,
      altText: record.altText,
      context: record.context,
      imageUrl: record.imageUrl,
      reasons: record.reasons,
      createdAt: record.createdAt.toISOString(),
    }));
  }

  /** Publishes the suggestion as it is, or as the person rewrote it (recorded as their edit of the image). */
  async approve(ownerId: string, connectionId: string, imageId: string, approval: ReviewApproval): Promise<void> {
    const suggestion = await this.waiting(ownerId, connectionId, imageId);
    const rewritten = approval.altText !== undefined && approval.altText !== suggestion.altText;
    const at = this.clock.now();
    // The decision first: of two people deciding at once, one wins and the other changes nothing.
    if (!(await this.held.decide(ownerId, imageId, rewritten ? 'edited' : 'approved', at))) throw alreadyDecided();
    await this.history.record(
      ownerId,
      imageId,
      rewritten ? { kind: 'review_edited', at, fields: ['altText'] } : { kind: 'review_approved', at },
    );
    if (rewritten)
      await this.images.editResult(
        ownerId,
        imageId,
        (current) => applyEdit(current, { altText: approval.altText }),
        this.clock.now(),
      );
    await this.queue.dispatch('review-publish', { ownerId, imageId }, `review-publish-${imageId}-decision`);
  }

  async reject(ownerId: string, connectionId: string, imageId: string): Promise<void> {
    await this.waiting(ownerId, connectionId, imageId);
    const at = this.clock.now();
    if (!(await this.held.decide(ownerId, imageId, 'rejected', at))) throw alreadyDecided();
    await this.history.record(ownerId, imageId, { kind: 'review_rejected', at });
  }

  /**
   * A person edited an image's result elsewhere (the dashboard, the API): an alt-text edit decides a held suggestion,
   * and an edit of a field the image's connector writes is published to the item.
   */
  async personEdited(ownerId: string, imageId: string, fields: readonly EditableResultField[]): Promise<void> {
    const item = await this.connections.itemOfImage(ownerId, imageId);
    if (!item) return;
    if (fields.includes('altText')) await this.held.decide(ownerId, imageId, 'edited', this.clock.now());
    const connection = await this.connections.get(ownerId, item.connectionId);
    const publisher = connection && this.publishers.get(connection.provider);
    // An edit of a field the connector does not write (a title: no connector publishes one) stays in the hub only.
    if (!publisher?.publishes.some((field) => fields.includes(field))) return;
    await this.queue.dispatch('review-publish', { ownerId, imageId }, `review-publish-${imageId}-edit-${randomUUID()}`);
  }

  /**
   * Writes the reviewed result to the item, whichever connector it came from, and adds the outcome to the image's
   * history: written, or failed for good once the job's last attempt fails (earlier failures are retried).
   */
  @JobHandler('review-publish')
  async publish({ ownerId, imageId }: JobPayloads['review-publish'], { isFinalAttempt }: JobContext): Promise<void> {
    const item = await this.connections.itemOfImage(ownerId, imageId);
    const connection = item && (await this.connections.get(ownerId, item.connectionId));
    if (!item || !connection) return;
    const publisher = this.publishers.get(connection.provider);
    if (!publisher) {
      this.logger.warn(`no alt-text publisher for ${connection.provider}: the approved text stays in the hub`);
      return;
    }
    const image = await this.images.get(ownerId, imageId);
    if (!image?.result) return;
    const suggestion = await this.held.get(ownerId, imageId);
    // A person's edit wins; then an approved suggestion; a held or rejected one is never written. Without a held
    // suggestion, the engine's text was published when the image was tagged and goes out again beside edited tags.
    let altText: string | undefined;
    let altTextByPerson = true;
    if (image.editedFields.includes('altText')) altText = image.result.altText;
    else if (suggestion) altText = suggestion.state === 'approved' ? suggestion.altText : undefined;
    else [altText, altTextByPerson] = [image.result.altText, false];
    if (!altText) return;
    const entry = { connector: connection.provider, fields: publisher.publishes };
    try {
      await publisher.publish(connection, item.externalId, { altText, altTextByPerson, tags: image.result.tags });
    } catch (error) {
      // Refused for good (the item's system said no and will say it again): failed now, never retried.
      if (error instanceof PublishRefused) {
        this.logger.warn(`${connection.provider} refused the result of image ${imageId}: ${error.message}`);
        await this.history.record(ownerId, imageId, { ...entry, kind: 'publish_failed', at: this.clock.now() });
        return;
      }
      if (isFinalAttempt)
        await this.history.record(ownerId, imageId, { ...entry, kind: 'publish_failed', at: this.clock.now() });
      throw error;
    }
    await this.history.record(ownerId, imageId, { ...entry, kind: 'published', at: this.clock.now() });
  }

  private async waiting(ownerId: string, connectionId: string, imageId: string): Promise<HeldSuggestionRecord> {
    const suggestion = await this.held.get(ownerId, imageId);
    if (!suggestion || suggestion.connectionId !== connectionId) throw new NotFoundError('Held suggestion');
    if (suggestion.state !== 'held') throw alreadyDecided();
    return suggestion;
  }
}
