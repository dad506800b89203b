import { Injectable } from '@nestjs/common';
import type { ConnectionRecord } from '../../connectors/connection.repository';

/** How a connector writes a person-approved alt text back to the item it came from. */
export interface AltTextPublisher {
  readonly provider: string;
  /** Writes the alt text to the item; throws to have the job retried. */
  publishAltText(connection: ConnectionRecord, externalId: string, altText: string): Promise<void>;
}

/** The connectors that can publish reviewed alt text, by provider; a connector registers itself at start. */
@Injectable()
export class ReviewPublishers {
  private readonly publishers = new Map<string, AltTextPublisher>();

  register(publisher: AltTextPublisher): void {
    this.publishers.set(publisher.provider, publisher);
  }

  get(provider: string): AltTextPublisher | undefined {
    return this.publishers.get(provider);
  }
}
