import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { ReviewedResult, ReviewPublisher, ReviewPublishers } from '../../modules/review/review-publishers';
import { altHashOf, decodeMemory, encodeMemory, fitAltText } from './alt-text';
import { ShopifyCatalogService } from './shopify-catalog.service';
import { readSettings, SHOPIFY } from './shopify-settings';

/**
 * Writes reviewed alt text (approved, rewritten in review, or edited in the dashboard) to the product media, and
 * remembers it as the hub's own write so the products/update it causes is not mistaken for a person's alt text.
 */
@Injectable()
export class ShopifyReviewPublisher implements ReviewPublisher, OnModuleInit {
  readonly provider = SHOPIFY;
  /** Media carry alt text only; product tags are added by the catalog jobs, never taken back. */
  readonly publishes = ['altText'] as const;

  constructor(
    private readonly publishers: ReviewPublishers,
    private readonly catalog: ShopifyCatalogService,
    private readonly connections: ConnectionRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.publishers.register(this);
  }

  async publish(connection: ConnectionRecord, mediaId: string, { altText }: ReviewedResult): Promise<void> {
    // An uninstalled shop has no token; a shop that turned alt text off gets none, reviewed or not.
    if (connection.status !== 'active' || !readSettings(connection.settings).fields.altText) return;
    const alt = fitAltText(altText);
    await this.catalog.admin(connection).setAltText(mediaId, alt);
    const item = await this.connections.getItem(connection.ownerId, connection.id, mediaId);
    const imageHash = decodeMemory(item?.contentHash)?.imageHash ?? '';
    await this.connections.setItem(
      connection.ownerId,
      connection.id,
      mediaId,
      encodeMemory({ imageHash, altHash: altHashOf(alt) }),
      item?.imageId ?? null,
      this.clock.now(),
    );
  }
}
