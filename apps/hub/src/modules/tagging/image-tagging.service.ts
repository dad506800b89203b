import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { decodeImage, TaggingEngine } from '@tagphoto/tagging';
import type { Language, TaggingResult } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { ImageEvents } from '../images/image-events';
import { type ImageRecord, ImageRecords } from '../images/image-records.service';
import { toImageView } from '../images/images.service';
import { PrivacySettingsService } from '../privacy/privacy-settings.service';
import { RetentionService } from '../privacy/retention.service';
import { TAGGING_ENGINE } from './tagging-engine.token';
import type { Vocabulary } from '@tagphoto/tagging';

export interface InlineOptions {
  /** The connector's provider name, recorded so the owner can filter by source. */
  connector: string;
  language?: Language;
  vocabulary?: Vocabulary;
  fileName?: string;
  externalId?: string;
}

/**
 * Runs the engine on an image and records the outcome: the result (sealed), the retention that follows, and
 * the image.tagged / image.failed event. The tag-image job uses it, and connectors use `tagInline` to tag
 * bytes they hold in memory inside their own jobs: nothing is written to the blob store for those.
 */
@Injectable()
export class ImageTaggingService {
  constructor(
    private readonly images: ImageRecords,
    private readonly retention: RetentionService,
    private readonly privacy: PrivacySettingsService,
    private readonly events: ImageEvents,
    private readonly clock: Clock,
    @Inject(TAGGING_ENGINE) private readonly engine: TaggingEngine,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * Tags and records; an error in the image itself records the failure and is thrown on. The vision backend sees
   * the image only if the request allowed it and the owner has not chosen built-in models only.
   */
  async tag(
    ownerId: string,
    image: Pick<ImageRecord, 'id' | 'stored' | 'blobKey' | 'language' | 'vision'>,
    bytes: Buffer,
    vocabulary?: Vocabulary,
  ): Promise<TaggingResult> {
    const vision = image.vision && !(await this.privacy.builtInModelsOnly(ownerId));
    const result = await this.engine.analyze(bytes, { language: image.language as Language, vocabulary, vision });
    await this.images.markDone(ownerId, image.id, result, result.models.engine ?? 'unknown', this.clock.now());
    await this.finish(ownerId, image, 'image.tagged');
    return result;
  }

  async fail(ownerId: string, image: Pick<ImageRecord, 'id' | 'stored' | 'blobKey'>, reason: string): Promise<void> {
    await this.images.markFailed(ownerId, image.id, reason, this.clock.now());
    await this.finish(ownerId, image, 'image.failed');
  }

  /** Tags bytes a connector holds, as an unstored image of the owner's, and returns the result. */
  async tagInline(
    ownerId: string,
    bytes: Buffer,
    options: InlineOptions,
  ): Promise<{ imageId: string; result: TaggingResult }> {
    const decoded = await decodeImage(bytes, {
      maxInputBytes: this.config.TAGPHOTO_MAX_UPLOAD_BYTES,
      maxInputPixels: this.config.TAGPHOTO_MAX_PIXELS,
    });
    const image = await this.images.create(ownerId, {
      id: randomUUID(),
      source: 'connector',
      connector: options.connector,
      externalId: options.externalId?.slice(0, 255) ?? null,
      fileName: options.fileName?.slice(0, 255) ?? null,
      mimeType: `image/${decoded.format}`,
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      blobKey: null,
      stored: false,
      language: options.language ?? 'en',
    });
    await this.images.markProcessing(ownerId, image.id, 1);
    try {
      return { imageId: image.id, result: await this.tag(ownerId, image, bytes, options.vocabulary) };
    } catch (error) {
      await this.fail(ownerId, image, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Announces a recorded outcome whose announcement is owed (its worker died between recording and announcing). */
  async announce(ownerId: string, image: Pick<ImageRecord, 'id' | 'stored' | 'blobKey' | 'status'>): Promise<void> {
    await this.finish(ownerId, image, image.status === 'failed' ? 'image.failed' : 'image.tagged');
  }

  /** Retention, then the event, then the mark that it went out: a crash in between leaves it owed, never lost. */
  private async finish(
    ownerId: string,
    image: Pick<ImageRecord, 'id' | 'stored' | 'blobKey'>,
    type: 'image.tagged' | 'image.failed',
  ): Promise<void> {
    await this.retention.afterTagging(ownerId, image, this.clock.now());
    const finished = await this.images.get(ownerId, image.id);
    if (!finished?.finishedAt) return;
    await this.events.emit(type, { ownerId, image: toImageView(finished), finishedAt: finished.finishedAt });
    await this.images.markAnnounced(ownerId, image.id, finished.finishedAt, this.clock.now());
  }
}
