import { Injectable } from '@nestjs/common';
import type { EditableResultField, TaggingResult } from '@tagphoto/contracts';
import type { ConnectionRecord } from '../../connectors/connections.service';

/** What a person approved or corrected: the alt text to publish, and the tags as they stand. */
export type ReviewedResult = Pick<TaggingResult, 'altText' | 'tags'>;

/** How a connector writes a person-approved or person-edited result back to the item it came from. */
export interface ReviewPublisher {
  readonly provider: string;
  /** The edited fields the connector writes to its items; an edit of any other field stays in the hub. */
  readonly publishes: readonly EditableResultField[];
  /** Writes the result to the item, under the connector's own rules; throws to have the job retried. */
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
