import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ShopifyError } from '@shopify/shopify-api';
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ShopifyBackfillView } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ImageRepository } from '../../modules/images/image.repository';
import { holdsForReview } from '../../modules/review/review-policy';
import { ReviewService } from '../../modules/review/review.service';
import { ImageTaggingService } from '../../modules/tagging/image-tagging.service';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { altHashOf, altWrittenByPerson, decodeMemory, encodeMemory, fitAltText, imageHashOf, newProductTags } from './alt-text';
import { ShopifyAdmin, ShopifyProduct } from './shopify-admin';
import { ShopifyApp } from './shopify-api.provider';
import { productAltText } from './product-alt-text';
import { fetchProductImage } from './product-image';
import { BACKFILL_CURSOR, IDLE_BACKFILL, readBackfill, readPosition, readSettings, SHOPIFY, vocabularyOf } from './shopify-settings';

const PAGE_SIZE = 50;

/**
 * Tags a shop's product images and writes the results back: alt text (fileUpdate), product tags (tagsAdd) and
 * optional title/description suggestions (a metafield). Media already tagged with the same image are skipped,
 * which is what stops the hub's own writes (they trigger products/update) from looping.
 */
@Injectable()
export class ShopifyCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger('shopify');

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly images: ImageRepository,
    private readonly tagging: ImageTaggingService,
    private readonly shopify: ShopifyApp,
    private readonly clock: Clock,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly review: ReviewService,
  ) {}

  /** Backfills cut short by a restart carry on where their cursor stands (in-process jobs do not survive one). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ROLE === 'api' || !this.shopify.enabled) return;
    for (const connection of await this.connections.listByProvider(SHOPIFY)) {
      const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
      if (readBackfill(cursor?.progress).status !== 'running') continue;
      const { after } = readPosition(cursor?.position);
      await this.queue.dispatch('shopify-backfill', { ownerId: connection.ownerId, connectionId: connection.id, after }, `shopify-backfill-${connection.id}-resume-${randomUUID()}`);
    }
  }

  @JobHandler('shopify-product')
  async onProduct(payload: JobPayloads['shopify-product']): Promise<void> {
    const connection = await this.activeConnection(payload.ownerId, payload.connectionId);
    if (!connection) return;
    const admin = await this.admin(connection);
    const product = await admin.product(payload.productId);
    if (product) await this.tagProduct(connection, admin, product);
  }

  async backfill(ownerId: string, connectionId: string): Promise<ShopifyBackfillView> {
    const connection = await this.connections.get(ownerId, connectionId);
    if (!connection || connection.provider !== SHOPIFY) throw new NotFoundError('Shopify connection');
    const cursor = await this.connections.getCursor(ownerId, connectionId, BACKFILL_CURSOR);
    return readBackfill(cursor?.progress);
  }

  /** Starts tagging the whole catalog; while one runs, returns its progress instead of starting another. */
  async startBackfill(ownerId: string, connectionId: string): Promise<ShopifyBackfillView> {
    const current = await this.backfill(ownerId, connectionId);
    if (current.status === 'running') return current;
    const progress: ShopifyBackfillView = { ...IDLE_BACKFILL, status: 'running', startedAt: this.clock.now().toISOString() };
    await this.connections.setCursor(ownerId, connectionId, BACKFILL_CURSOR, { after: null }, progress);
    await this.queue.dispatch('shopify-backfill', { ownerId, connectionId, after: null }, `shopify-backfill-${connectionId}-${randomUUID()}`);
    return progress;
  }

  /** One page of the catalog per job; the cursor is saved after each page, so a restart repeats at most one page. */
  @JobHandler('shopify-backfill')
  async onBackfillPage(payload: JobPayloads['shopify-backfill'], context: JobContext): Promise<void> {
    const connection = await this.activeConnection(payload.ownerId, payload.connectionId);
    if (!connection) return;
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
    const progress = readBackfill(cursor?.progress);
    // A duplicate or stale job (its page is already done) finds the cursor moved on and does nothing.
    if (progress.status !== 'running' || readPosition(cursor?.position).after !== payload.after) return;
    try {
      const admin = await this.admin(connection);
      const total = progress.total ?? (await admin.productCount());
      const page = await admin.productPage(payload.after, PAGE_SIZE);
      let tagged = 0;
      for (const product of page.products) tagged += await this.tagProductOrSkip(connection, admin, product);
      const next: ShopifyBackfillView = {
        ...progress,
        total,
        processed: progress.processed + page.products.length,
        imagesTagged: progress.imagesTagged + tagged,
        lastError: null,
      };
      if (page.hasNextPage && page.endCursor) {
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, { after: page.endCursor }, next);
        const pageKey = createHash('sha256').update(page.endCursor).digest('hex').slice(0, 16);
        await this.queue.dispatch('shopify-backfill', { ...payload, after: page.endCursor }, `shopify-backfill-${connection.id}-${pageKey}`);
      } else {
        const done = { ...next, status: 'done' as const, finishedAt: this.clock.now().toISOString() };
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, { after: null }, done);
      }
    } catch (error) {
      if (context.isFinalAttempt) {
        const lastError = error instanceof Error ? error.message : String(error);
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, cursor?.position, { ...progress, lastError });
      }
      throw error;
    }
  }

  /** In a backfill one broken image must not stop the catalog: it is logged and skipped; Shopify API errors stop the page. */
  private async tagProductOrSkip(connection: ConnectionRecord, admin: ShopifyAdmin, product: ShopifyProduct): Promise<number> {
    try {
      return await this.tagProduct(connection, admin, product);
    } catch (error) {
      if (error instanceof ShopifyError) throw error;
      this.logger.warn(`skipped a product in the backfill: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  /** Tags the product's new or changed images and writes back; returns how many images were tagged. */
  async tagProduct(connection: ConnectionRecord, admin: ShopifyAdmin, product: ShopifyProduct): Promise<number> {
    const settings = readSettings(connection.settings);
    const labels: string[] = [];
    let suggestion: { title: string; description: string } | undefined;
    let tagged = 0;
    for (const media of product.media) {
      const item = await this.connections.getItem(connection.ownerId, connection.id, media.id);
      const memory = decodeMemory(item?.contentHash);
      const imageHash = imageHashOf(media.url);
      if (memory?.imageHash === imageHash) continue;
      const bytes = await fetchProductImage(media.url, this.config);
      const { imageId, result } = await this.tagging.tagInline(connection.ownerId, bytes, {
        language: settings.language,
        vocabulary: vocabularyOf(settings),
        fileName: basename(new URL(media.url).pathname),
        externalId: media.id,
      });
      tagged += 1;
      let altHash = '';
      const alt = settings.productAltText.enabled
        ? productAltText(result.altText, product, settings.productAltText, settings.language)
        : fitAltText(result.altText);
      const keepPersonText = settings.overwrite === 'keep_person' && altWrittenByPerson(media.alt, memory);
      if (settings.fields.altText && alt && !keepPersonText) {
        if (holdsForReview(settings.review, result.review)) {
          const held = { imageId, connectionId: connection.id, externalId: media.id, altText: alt, context: product.title, imageUrl: media.url };
          await this.review.hold(connection.ownerId, { ...held, reasons: result.review.reasons });
        } else {
          await admin.setAltText(media.id, alt);
          altHash = altHashOf(alt);
        }
      }
      labels.push(...result.tags.map((tag) => tag.label));
      suggestion ??= { title: result.title, description: result.description };
      await this.connections.setItem(connection.ownerId, connection.id, media.id, encodeMemory({ imageHash, altHash }), imageId, this.clock.now());
      // The image the hub made for the media's previous picture is superseded: it must not outlive its item.
      if (item?.imageId) await this.images.delete(connection.ownerId, item.imageId);
    }
    if (settings.fields.productTags && labels.length > 0) {
      const tags = newProductTags(labels, settings.tagPrefix, product.tags);
      if (tags.length > 0) await admin.addTags(product.id, tags);
    }
    if (settings.fields.suggestions && suggestion) await admin.setSuggestions(product.id, suggestion);
    return tagged;
  }

  async admin(connection: ConnectionRecord): Promise<ShopifyAdmin> {
    const secrets = await this.connections.secrets<{ accessToken?: string }>(connection.ownerId, connection.id);
    if (!secrets?.accessToken) throw new NotFoundError('Shopify access token');
    const library = this.shopify.library;
    return new ShopifyAdmin(library, this.shopify.offlineSession(connection.externalAccount, secrets.accessToken));
  }

  private async activeConnection(ownerId: string, connectionId: string): Promise<ConnectionRecord | undefined> {
    const connection = await this.connections.get(ownerId, connectionId);
    if (!connection || connection.provider !== SHOPIFY || connection.status !== 'active') {
      this.logger.debug(`skipping work for a missing or inactive Shopify connection ${connectionId}`);
      return undefined;
    }
    return connection;
  }
}
