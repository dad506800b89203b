import { Inject, Injectable } from '@nestjs/common';
import { BlobStore, writeExportArchive } from '@tagphoto/privacy';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';
import { BLOB_STORE } from '../../storage/storage.module';
import { SecurityLog } from '../audit/security-log';
import { ImagesService } from '../images/images.service';
import { ImageHistory } from '../images/image-history.service';
import { ImageRecords, type ImageWithResult } from '../images/image-records.service';
import { PrivacySettingsService } from '../privacy/privacy-settings.service';
import { UsageLog } from '../usage/usage-log.service';
import { Connections } from '../../connectors/connections.service';
import { ReviewQueueService } from '../review/review-queue.service';
import { ReviewService } from '../review/review.service';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
  'image/avif': 'avif',
  'image/heif': 'heic',
};

const README = `TagPhoto data export
=====================

account.json      your account: id, email, creation date and privacy settings
images.json       every image: id, file name, status, whether its bytes were kept, and the tagging result
                  (tags with confidence and source, title, description, alt text, OCR text, objects with boxes,
                  colours, safety rating, face count, size, language, model versions)
images/           the image files the hub still keeps, named <image id>.<extension>, decrypted
usage.json        API request log kept for billing and support: time, method, route, status, bytes, API key id
audit-events.json security log: sign-ins, API keys, privacy changes, exports
connections.json  connected services (Shopify, Slack, Google Drive, …) and their settings; access tokens are never exported
review.json       alt text suggestions a connection held for review: the item, the suggestion, and what became of it
review-queue.json images the engine flagged for review and what a person decided: when, and how they were signed in
image-history.json what happened to each image's result: tagged (engine, language), tagged again, edited (which fields),
                  decided in the review queue, written back to a connected service or not; no result text

All files are UTF-8 JSON; times are ISO 8601 in UTC. The result format is the one of GET /v1/images/:id.
`;

const PAGE = 100;

/** Streams everything the hub holds about one owner as a portable zip (the right to access and portability). */
@Injectable()
export class AccountExportService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly images: ImageRecords,
    private readonly imageViews: ImagesService,
    private readonly history: ImageHistory,
    private readonly settings: PrivacySettingsService,
    private readonly usage: UsageLog,
    private readonly audit: SecurityLog,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly connections: Connections,
    private readonly review: ReviewService,
    private readonly reviewQueue: ReviewQueueService,
  ) {}

  async export(ownerId: string, output: NodeJS.WritableStream): Promise<void> {
    const account = await this.db.prisma.account.findUniqueOrThrow({
      where: { id: ownerId },
      select: { id: true, email: true, createdAt: true },
    });
    const images = await this.allImages(ownerId);
    await this.audit.record(ownerId, 'account.exported', { images: images.length });
    await writeExportArchive(output, {
      readme: README,
      json: {
        account: { ...account, createdAt: account.createdAt.toISOString(), privacy: await this.settings.get(ownerId) },
        images: await this.imageViews.views(ownerId, images),
        usage: await this.usage.list(ownerId),
        'audit-events': await this.audit.list(ownerId, 10_000),
        connections: (await this.connections.list(ownerId)).map(
          ({ id, provider, externalAccount, status, settings, createdAt }) => ({
            id,
            provider,
            externalAccount,
            status,
            settings,
            createdAt: createdAt.toISOString(),
          }),
        ),
        review: (await this.review.listAll(ownerId)).map((suggestion) => ({
          ...suggestion,
          createdAt: suggestion.createdAt.toISOString(),
          decidedAt: suggestion.decidedAt?.toISOString() ?? null,
        })),
        'review-queue': (await this.reviewQueue.records(ownerId)).map((record) => ({
          ...record,
          createdAt: record.createdAt.toISOString(),
          decidedAt: record.decidedAt?.toISOString() ?? null,
        })),
        'image-history': await this.history.listAll(ownerId),
      },
      files: this.files(images),
    });
  }

  private async allImages(ownerId: string): Promise<ImageWithResult[]> {
    const all: ImageWithResult[] = [];
    for (;;) {
      const last = all[all.length - 1];
      const page = await this.images.list(ownerId, PAGE, last && { createdAt: last.createdAt, id: last.id });
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  private async *files(images: ImageWithResult[]): AsyncIterable<{ name: string; bytes: Buffer }> {
    for (const image of images) {
      const bytes = image.blobKey ? await this.blobs.get(image.blobKey) : undefined;
      if (bytes) yield { name: `${image.id}.${EXTENSIONS[image.mimeType] ?? 'bin'}`, bytes };
    }
  }
}
