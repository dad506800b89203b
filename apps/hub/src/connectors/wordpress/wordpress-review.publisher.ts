import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../common/clock';
import { FetchError } from '../../common/outbound/outbound-target';
import { postJson, PostOutcome } from '../../common/outbound/post-json';
import { SsrfGuard } from '../../common/outbound/ssrf-guard';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import {
  PublishRefused,
  ReviewedResult,
  ReviewPublisher,
  ReviewPublishers,
} from '../../modules/review/review-publishers';
import { activeSecrets, signedHeaders } from '../../modules/webhooks/signing-secrets';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { WORDPRESS_PROVIDER } from './wordpress-authorization';
import { answerOf, editUrlOf } from './wordpress-attachments';
import { WordPressSiteRepository } from './wordpress-site.repository';

/** How much of the plugin's answer is kept for the log line of a refused edit. */
const ANSWER_EXCERPT_BYTES = 300;

/**
 * Sends a person's edit or approval of a WordPress image (its alt text and tags) to the site it came from, as an
 * `image.edited` message on the plugin's callback route, signed like the site's callbacks with the site's own
 * secret. The plugin writes it under its own rules: alt text a person typed in WordPress stays theirs unless the
 * site allows overwriting; text the hub wrote before is replaced, in the attachment and in the posts that show it;
 * the engine's alt text going out again beside edited tags (`altTextByPerson` false) is not written at all.
 * A timeout, a 5xx or a 429 throws so the job is retried; any other 4xx is the plugin refusing the message for good
 * (PublishRefused: recorded as failed in the image's history, not retried).
 */
@Injectable()
export class WordPressReviewPublisher implements ReviewPublisher, OnModuleInit {
  readonly provider = WORDPRESS_PROVIDER;
  readonly publishes = ['altText', 'tags'] as const;
  private readonly guard: SsrfGuard;

  constructor(
    private readonly publishers: ReviewPublishers,
    private readonly sites: WordPressSiteRepository,
    private readonly connections: ConnectionRepository,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.guard = new SsrfGuard(config.TAGPHOTO_FETCH_ALLOW_HOSTS);
  }

  onModuleInit(): void {
    this.publishers.register(this);
  }

  async publish(connection: ConnectionRecord, attachmentId: string, reviewed: ReviewedResult): Promise<void> {
    if (connection.status !== 'active') return;
    const site = await this.sites.find(connection.externalAccount);
    const secrets = site?.ownerId === connection.ownerId ? site.secrets.callbackSecret : undefined;
    if (!site || !secrets) return;
    const item = await this.connections.getItem(connection.ownerId, connection.id, attachmentId);
    if (!item?.imageId) return;
    const now = this.clock.now();
    const body = JSON.stringify({
      type: 'image.edited',
      timestamp: now.toISOString(),
      data: {
        imageId: item.imageId,
        altText: reviewed.altText,
        altTextByPerson: reviewed.altTextByPerson,
        tags: reviewed.tags.map(({ label }) => ({ label })),
      },
    });
    const url = editUrlOf(site.siteUrl, attachmentId);
    const headers = signedHeaders(`msg_${randomUUID()}`, now, body, activeSecrets(secrets, now));
    let answer: PostOutcome;
    try {
      answer = await postJson(url, body, headers, this.guard, {
        timeoutMs: this.config.TAGPHOTO_WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: ANSWER_EXCERPT_BYTES,
      });
    } catch (failure) {
      // An address the SSRF rules refuse stays refused: no attempt would ever reach it.
      if (failure instanceof FetchError && failure.code === 'url_not_allowed')
        throw new PublishRefused(`not sent to ${site.siteUrl}: ${failure.message}`);
      throw failure;
    }
    switch (answerOf(answer.status)) {
      case 'applied':
        return;
      case 'retry':
        throw new Error(`${site.siteUrl} answered ${answer.status} to the edit of attachment ${attachmentId}`);
      case 'refused':
        throw new PublishRefused(
          `${site.siteUrl} refused the edit of attachment ${attachmentId} (${answer.status}): ${answer.excerpt}`,
        );
    }
  }
}
