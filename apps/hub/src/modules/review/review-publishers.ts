import { Injectable } from '@nestjs/common';
import type { EditableResultField, TaggingResult } from '@tagphoto/contracts';
import type { ConnectionRecord } from '../../connectors/connections.service';

/**
 * What a person approved or corrected: the alt text to publish, and the tags as they stand. `altTextByPerson` says
 * whether a person wrote or approved that alt text; false when it is the engine's, going out again beside edited tags.
 */
export type ReviewedResult = Pick<TaggingResult, 'altText' | 'tags'> & { altTextByPerson: boolean };

/**
 * Thrown by a publisher when the item's system refused the write for good (a 4xx that says the request itself is
 * wrong): the review-publish job records it as failed at once instead of retrying what will be refused again.
 */
export class PublishRefused extends Error {
  override readonly name = 'PublishRefused';
}

/** How a connector writes a person-approved or person-edited result back to the item it came from. */
export interface ReviewPublisher {
  readonly provider: string;
  /** The edited fields the connector writes to its items; an edit of any other field stays in the hub. */
  readonly publishes: readonly EditableResultField[];
  /** Writes the result to the item, under the connector's own rules; throws to have the job retried (PublishRefused: not). */
  publish(connection: ConnectionRecord, externalId: string, reviewed: ReviewedResult): Promise<void>;
}

/** The connectors that can publish reviewed results, by provider; a connector registers itself at start. */
@Injectable()
export class ReviewPublishers {
  private readonly publishers = new Map<string, ReviewPublisher>();

  register(publisher: ReviewPublisher): void {
    this.publishers.set(publisher.provider, publisher);
  }

  get(provider: string): ReviewPublisher | undefined {
    return this.publishers.get(provider);
  }
}
