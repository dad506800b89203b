import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ShopifyError } from '@shopify/shopify-api';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ShopifyBackfillView, ShopifySettings, TaggingResult } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { ImageRecords } from '../../modules/images/image-records.service';
import { holdsForReview } from '../../modules/review/review-policy';
import { ReviewService } from '../../modules/review/review.service';
import { ImageTaggingService } from '../../modules/tagging/image-tagging.service';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import {
  altHashOf,
  altWrittenByPerson,
  decodeMemory,
  encodeMemory,
  fitAltText,
  imageHashOf,
  newProductTags,
} from './alt-text';
import { readBulkChunk } from './bulk-file';
import { ShopifyAdmin, ShopifyMedia, ShopifyProduct } from './shopify-admin';
import { ShopifyApp } from './shopify-api.provider';
import { productAltText } from './product-alt-text';
import { fetchProductImage } from './product-image';
import {
  BACKFILL_CURSOR,
  BackfillPosition,
  IDLE_BACKFILL,
  readBackfill,
  readPosition,
  readSettings,
  SHOPIFY,
  stepKey,
  vocabularyOf,
} from './shopify-settings';
import { ShopifyTokenService } from './shopify-tokens';

/** Catalogs up to this many products are read in pages; larger ones through one bulk export. */
export const SMALL_CATALOG = 100;
/** Products tagged per job from a bulk export: the position is saved after each chunk. */
const BULK_CHUNK = 25;

/** The result of tagging one image, kept until its writes are confirmed. */
interface TaggedMedia {
  product: ShopifyProduct;
  media: ShopifyMedia;
  imageHash: string;
  imageId: string;
  previousAltHash: string;
  alt: string;
  /** Why the engine asks for a person to look (held for review when the shop's policy says so). */
  review: TaggingResult['review'];
  labels: string[];
  suggestion: { title: string; description: string };
  /** Tagged by an earlier run that stopped before its writes were confirmed. */
  recovered: boolean;
}

/**
 * Tags a shop's product images and writes the results back: alt text (fileUpdate, up to 250 per call), product
 * tags (tagsAdd) and optional title/description suggestions (a metafield). Media already tagged with the same
 * image are skipped, which is what stops the hub's own writes (they trigger products/update) from looping.
 *
 * An image's tagging is recorded as pending before its writes and as written after them, so a worker killed in
 * between neither tags it again (the recorded result is reused) nor writes twice (the shop's current alt text
 * and tags are read back first).
 */
@Injectable()
export class ShopifyCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger('shopify');

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly images: ImageRecords,
    private readonly tagging: ImageTaggingService,
    private readonly shopify: ShopifyApp,
    private readonly tokens: ShopifyTokenService,
    private readonly clock: Clock,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly review: ReviewService,
  ) {}

  /**
   * Backfills cut short by a restart carry on from their saved step. The step's job id is derived from the step,
   * so when the queue still holds that job (a killed worker's job waits for BullMQ's stall check) nothing is added.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ROLE === 'api' || !this.shopify.enabled) return;
    for (const connection of await this.connections.listByProvider(SHOPIFY)) {
      const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
      const progress = readBackfill(cursor?.progress);
      if (progress.status !== 'running') continue;
      let position = readPosition(cursor?.position);
      if (!position) {
        // A backfill saved by the page-cursor version before bulk exports: it starts over (written images are skipped).
        position = { mode: 'start', run: randomUUID() };
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, position, {
          ...progress,
          processed: 0,
          imagesTagged: 0,
          phase: 'counting',
        });
      }
      await this.dispatchStep(connection, position);
    }
  }

  @JobHandler('shopify-product')
  async onProduct(payload: JobPayloads['shopify-product']): Promise<void> {
    const connection = await this.activeConnection(payload.ownerId, payload.connectionId);
    if (!connection) return;
    const admin = this.admin(connection);
    const product = await admin.product(payload.productId);
    if (product) await this.tagProducts(connection, admin, [product]);
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
    const connection = (await this.connections.get(ownerId, connectionId))!;
    const progress: ShopifyBackfillView = {
      ...IDLE_BACKFILL,
      status: 'running',
      phase: 'counting',
      rateLimitWaitMs: 0,
      startedAt: this.clock.now().toISOString(),
    };
    const position: BackfillPosition = { mode: 'start', run: randomUUID() };
    await this.connections.setCursor(ownerId, connectionId, BACKFILL_CURSOR, position, progress);
    await this.dispatchStep(connection, position);
    return progress;
  }

  /**
   * One step of a backfill: count the catalog and choose pages or a bulk export; read and tag one page; ask
   * whether the export is done; tag the next chunk of the export's file. The position is saved after each step
   * and the next step queued; a duplicate or stale job (its step is already done) finds the position moved on.
   */
  @JobHandler('shopify-backfill')
  async onBackfillStep(payload: JobPayloads['shopify-backfill'], context: JobContext): Promise<void> {
    const connection = await this.activeConnection(payload.ownerId, payload.connectionId);
    if (!connection) return;
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
    const progress = readBackfill(cursor?.progress);
    const position = readPosition(cursor?.position);
    if (progress.status !== 'running' || !position || stepKey(position) !== payload.step) return;
    const admin = this.admin(connection);
    const waitedBefore = admin.gate.waitedMs;
    try {
      const { next, delayMs, ...update } = await this.runStep(connection, admin, position, progress);
      const waited = Math.round(admin.gate.waitedMs - waitedBefore);
      const view: ShopifyBackfillView = {
        ...progress,
        ...update,
        rateLimitWaitMs: (progress.rateLimitWaitMs ?? 0) + waited,
        lastError: null,
      };
      if (next) {
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, next, view);
        await this.dispatchStep(connection, next, delayMs);
      } else {
        const done: ShopifyBackfillView = {
          ...view,
          status: 'done',
          phase: undefined,
          finishedAt: this.clock.now().toISOString(),
        };
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, position, done);
      }
    } catch (error) {
      if (context.isFinalAttempt) {
        const lastError = error instanceof Error ? error.message : String(error);
        await this.connections.setCursor(connection.ownerId, connection.id, BACKFILL_CURSOR, position, {
          ...progress,
          lastError,
        });
      }
      throw error;
    }
  }

  private async runStep(
    connection: ConnectionRecord,
    admin: ShopifyAdmin,
    position: BackfillPosition,
    progress: ShopifyBackfillView,
  ): Promise<Partial<ShopifyBackfillView> & { next: BackfillPosition | undefined; delayMs?: number }> {
    switch (position.mode) {
      case 'start': {
        const total = await admin.productCount();
        if (total !== null && total <= SMALL_CATALOG)
          return { total, mode: 'pages', phase: 'tagging', next: { mode: 'pages', run: position.run, after: null } };
        const operationId = await admin.startCatalogExport();
        return {
          total,
          mode: 'bulk',
          phase: 'exporting',
          next: { mode: 'bulk', run: position.run, operationId, polls: 0, url: null, offset: 0 },
          delayMs: this.config.SHOPIFY_BULK_POLL_MS,
        };
      }
      case 'pages': {
        const page = await admin.productPage(position.after);
        const tagged = await this.tagProducts(connection, admin, page.products);
        const counts = {
          processed: progress.processed + page.products.length,
          imagesTagged: progress.imagesTagged + tagged,
        };
        if (!page.hasNextPage || !page.endCursor) return { ...counts, next: undefined };
        return { ...counts, next: { ...position, after: page.endCursor } };
      }
      case 'bulk': {
        if (position.url === null) {
          const operation = await admin.bulkOperation(position.operationId);
          if (!operation) throw new NotFoundError('Shopify bulk operation');
          if (operation.status === 'CREATED' || operation.status === 'RUNNING')
            return { next: { ...position, polls: position.polls + 1 }, delayMs: this.config.SHOPIFY_BULK_POLL_MS };
          if (operation.status !== 'COMPLETED')
            throw new Error(
              `The catalog export ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ''}.`,
            );
          // An export of an empty catalog has no file.
          const size = Number(operation.fileSize ?? 0);
          if (!operation.url || size === 0) return { next: undefined };
          // The file is read from its end (see readBulkChunk): `offset` is where the unread part ends.
          return { phase: 'tagging', next: { ...position, url: operation.url, offset: size } };
        }
        const chunk = await readBulkChunk(
          position.url,
          position.offset,
          BULK_CHUNK,
          this.config.TAGPHOTO_FETCH_TIMEOUT_MS,
        );
        const tagged = await this.tagProducts(connection, admin, chunk.products);
        const counts = {
          processed: progress.processed + chunk.products.length,
          imagesTagged: progress.imagesTagged + tagged,
        };
        return { ...counts, next: chunk.nextEnd === 0 ? undefined : { ...position, offset: chunk.nextEnd } };
      }
    }
  }

  /**
   * bulk_operations/finish: the waiting backfill asks about its export now instead of at its next poll. Asking is
   * idempotent, so the poll that was already queued finds the step done (or does the same) and adds nothing.
   */
  async bulkOperationFinished(connection: ConnectionRecord, operationId: string): Promise<void> {
    const cursor = await this.connections.getCursor(connection.ownerId, connection.id, BACKFILL_CURSOR);
    const position = readPosition(cursor?.position);
    if (
      readBackfill(cursor?.progress).status !== 'running' ||
      position?.mode !== 'bulk' ||
      position.operationId !== operationId ||
      position.url !== null
    )
      return;
    const step = stepKey(position);
    await this.queue.dispatch(
      'shopify-backfill',
      { ownerId: connection.ownerId, connectionId: connection.id, step },
      `shopify-backfill-${connection.id}-${step}-finished`,
    );
  }

  private async dispatchStep(
    connection: ConnectionRecord,
    position: BackfillPosition,
    delayMs?: number,
  ): Promise<void> {
    const step = stepKey(position);
    await this.queue.dispatch(
      'shopify-backfill',
      { ownerId: connection.ownerId, connectionId: connection.id, step },
      `shopify-backfill-${connection.id}-${step}`,
      delayMs ? { delayMs } : undefined,
    );
  }

  /**
   * Tags the new or changed images of the products and writes back, batched: all alt texts in as few fileUpdate
   * calls as allowed, then tags and suggestions per product. Returns how many images were tagged for this call
   * (including ones an interrupted run tagged and this call wrote).
   */
  async tagProducts(connection: ConnectionRecord, admin: ShopifyAdmin, products: ShopifyProduct[]): Promise<number> {
    const settings = readSettings(connection.settings);
    const tagged: TaggedMedia[] = [];
    for (const product of products) {
      for (const media of product.media) {
        const result = await this.tagMedia(connection, product, media);
        if (result) tagged.push(result);
      }
    }
    if (tagged.length === 0) return 0;

    // What an earlier, interrupted run already wrote is read back rather than written again.
    const recovered = tagged.filter((item) => item.recovered);
    const state = recovered.length
      ? await admin.writeState([...new Set(recovered.flatMap((item) => [item.media.id, item.product.id]))])
      : new Map<string, { alt?: string | null; tags?: string[] }>();

    const altHashes = new Map<string, string>();
    const files: Array<{ id: string; alt: string }> = [];
    for (const item of tagged) {
      const currentAlt = item.recovered ? (state.get(item.media.id)?.alt ?? item.media.alt) : item.media.alt;
      if (!settings.fields.altText || !item.alt) continue;
      if (item.recovered && currentAlt === item.alt) {
        altHashes.set(item.media.id, altHashOf(item.alt));
        continue;
      }
      const keepPersonText =
        settings.overwrite === 'keep_person' &&
        altWrittenByPerson(currentAlt, { imageHash: item.imageHash, altHash: item.previousAltHash });
      if (keepPersonText) continue;
      if (holdsForReview(settings.review, item.review)) {
        const { media, product } = item;
        const held = {
          imageId: item.imageId,
          connectionId: connection.id,
          externalId: media.id,
          altText: item.alt,
          context: product.title,
          imageUrl: media.url,
        };
        await this.review.hold(connection.ownerId, { ...held, reasons: item.review.reasons });
        continue;
      }
      files.push({ id: item.media.id, alt: item.alt });
      altHashes.set(item.media.id, altHashOf(item.alt));
    }
    await admin.setAltTexts(files);

    for (const product of products) {
      const mine = tagged.filter((item) => item.product.id === product.id);
      if (mine.length === 0) continue;
      if (settings.fields.productTags) {
        const existing = mine.some((item) => item.recovered)
          ? (state.get(product.id)?.tags ?? product.tags)
          : product.tags;
        const tags = newProductTags(
          mine.flatMap((item) => item.labels),
          settings.tagPrefix,
          existing,
        );
        if (tags.length > 0) await admin.addTags(product.id, tags);
      }
      if (settings.fields.suggestions) await admin.setSuggestions(product.id, mine[0].suggestion);
    }

    for (const item of tagged) {
      const memory = encodeMemory({ imageHash: item.imageHash, altHash: altHashes.get(item.media.id) ?? '' });
      await this.connections.setItem(
        connection.ownerId,
        connection.id,
        item.media.id,
        memory,
        item.imageId,
        this.clock.now(),
      );
    }
    // Images an interrupted run tagged count here: the progress that run saved did not include them.
    return tagged.length;
  }

  /**
   * Tags one image unless it was tagged before: an unchanged, written image is skipped; an image tagged by a run
   * that stopped before writing is taken from its recorded result. In a backfill one broken image must not stop
   * the catalog: a download or decoding failure is logged and the image skipped.
   */
  private async tagMedia(
    connection: ConnectionRecord,
    product: ShopifyProduct,
    media: ShopifyMedia,
  ): Promise<TaggedMedia | undefined> {
    const settings = readSettings(connection.settings);
    const item = await this.connections.getItem(connection.ownerId, connection.id, media.id);
    const memory = decodeMemory(item?.contentHash);
    const imageHash = imageHashOf(media.url);
    if (memory?.imageHash === imageHash && !memory.pending) return undefined;
    const taggedMedia = (
      imageId: string,
      result: TaggingResult,
      previousAltHash: string,
      recovered: boolean,
    ): TaggedMedia => ({
      product,
      media,
      imageHash,
      imageId,
      previousAltHash,
      ...this.written(settings, product, result),
      recovered,
    });
    if (memory?.imageHash === imageHash && memory.pending && item?.imageId) {
      const image = await this.images.get(connection.ownerId, item.imageId);
      if (image?.result) return taggedMedia(item.imageId, image.result, memory.altHash, true);
    }
    // A worker stopped after the engine's result but before recording it here: that result is the tagging.
    const fileName = basename(new URL(media.url).pathname);
    const unrecorded = await this.images.findFinishedConnectorImage(connection.ownerId, media.id, fileName);
    if (unrecorded?.result && unrecorded.id !== item?.imageId) {
      const previousAltHash = await this.claim(connection, media, item, memory, imageHash, unrecorded.id);
      return taggedMedia(unrecorded.id, unrecorded.result, previousAltHash, true);
    }
    let tagged: Awaited<ReturnType<ImageTaggingService['tagInline']>>;
    try {
      const bytes = await fetchProductImage(media.url, this.config);
      tagged = await this.tagging.tagInline(connection.ownerId, bytes, {
        connector: connection.provider,
        language: settings.language,
        vocabulary: vocabularyOf(settings),
        fileName,
        externalId: media.id,
      });
    } catch (error) {
      if (error instanceof ShopifyError) throw error;
      this.logger.warn(`skipped a product image: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const previousAltHash = await this.claim(connection, media, item, memory, imageHash, tagged.imageId);
    return taggedMedia(tagged.imageId, tagged.result, previousAltHash, false);
  }

  /**
   * Records `imageId` as the media's image, pending until its alt text is written, and deletes the image the hub
   * made for the media's previous picture: superseded, it must not outlive its item. Returns the alt text hash the
   * write compares with (a pending record's is still the one from before).
   */
  private async claim(
    connection: ConnectionRecord,
    media: ShopifyMedia,
    item: Awaited<ReturnType<ConnectionRepository['getItem']>>,
    memory: ReturnType<typeof decodeMemory>,
    imageHash: string,
    imageId: string,
  ): Promise<string> {
    const previousAltHash = memory?.pending ? memory.altHash : (memory?.altHash ?? '');
    await this.connections.setItem(
      connection.ownerId,
      connection.id,
      media.id,
      encodeMemory({ imageHash, altHash: previousAltHash, pending: true }),
      imageId,
      this.clock.now(),
    );
    if (item?.imageId && item.imageId !== imageId) await this.images.delete(connection.ownerId, item.imageId);
    return previousAltHash;
  }

  /** What the shop's settings make of a result: its alt text (product-aware by setting), tags and suggestions. */
  private written(
    settings: ShopifySettings,
    product: ShopifyProduct,
    result: TaggingResult,
  ): Pick<TaggedMedia, 'alt' | 'review' | 'labels' | 'suggestion'> {
    const alt = settings.productAltText.enabled
      ? productAltText(result.altText, product, settings.productAltText, settings.language)
      : fitAltText(result.altText);
    return {
      alt,
      review: result.review,
      labels: result.tags.map((tag) => tag.label),
      suggestion: { title: result.title, description: result.description },
    };
  }

  /** An Admin API client for the connection, with its tokens kept fresh. */
  admin(connection: ConnectionRecord): ShopifyAdmin {
    const library = this.shopify.library;
    const shop = connection.externalAccount;
    return new ShopifyAdmin(library, shop, this.tokens.source(connection), (token) =>
      this.shopify.offlineSession(shop, token),
    );
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
