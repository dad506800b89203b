import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { FetchError } from '../../common/outbound/outbound-target';
import { postJson, PostOutcome } from '../../common/outbound/post-json';
import { SsrfGuard } from '../../common/outbound/ssrf-guard';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobPayloads } from '../../jobs/job-types';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { SecurityLog } from '../audit/security-log';
import { ImageCallbackOutbox } from '../images/image-callback-outbox.service';
import { ImageEvents } from '../images/image-events';
import { CallbackSecretRepository } from './callback-secret.repository';
import { decideAfterAttempt, shouldDisableFailingEndpoint } from './delivery-decision';
import { activeSecrets, signedHeaders, type SigningSecrets } from './signing-secrets';
import { outcomeEventId, WebhookDeliveryRecord, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

/** The first kilobyte of a receiver's answer is kept with the attempt. */
const RESPONSE_EXCERPT_BYTES = 1024;
/** Due deliveries handed to the queue per sweep. */
const SWEEP_BATCH = 500;

interface Target {
  url: string;
  secrets: SigningSecrets;
  endpointId: string | null;
}

/**
 * Turns image events into deliveries (one per subscribed endpoint, plus the image's own callback URL) and
 * sends them: Standard Webhooks headers signed with svix, 8 attempts on svix's schedule, 410 or five days of
 * failures disable the endpoint. Every attempt is claimed in the database first, so the delayed job of a
 * retry and the sweep that backs it up never send the same attempt twice.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleInit {
  private readonly logger = new Logger('webhooks');
  private readonly guard: SsrfGuard;

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly callbackSecrets: CallbackSecretRepository,
    private readonly audit: SecurityLog,
    private readonly events: ImageEvents,
    private readonly outbox: ImageCallbackOutbox,
    private readonly clock: Clock,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.guard = new SsrfGuard(config.TAGPHOTO_FETCH_ALLOW_HOSTS);
  }

  onModuleInit(): void {
    this.events.on('image.tagged', async ({ ownerId, image, finishedAt }) => {
      await this.publish(
        ownerId,
        { type: 'image.tagged', timestamp: this.now(), data: { image } },
        { imageId: image.id, finishedAt },
      );
    });
    this.events.on('image.failed', async ({ ownerId, image, finishedAt }) => {
      await this.publish(
        ownerId,
        { type: 'image.failed', timestamp: this.now(), data: { image } },
        { imageId: image.id, finishedAt },
      );
    });
    this.events.on('image.deleted', async ({ ownerId, imageId }) => {
      await this.publish(ownerId, { type: 'image.deleted', timestamp: this.now(), data: { imageId } });
    });
  }

  /**
   * Queues one delivery per subscribed endpoint and, for an image's outcome, its callback. An outcome's event id
   * comes from the outcome, so publishing it again (its announcement raced a retry) queues nothing new.
   */
  async publish(
    ownerId: string,
    event: WebhookEvent,
    outcome?: { imageId: string; finishedAt: Date },
  ): Promise<WebhookDeliveryRecord[]> {
    const now = this.clock.now();
    const subscribed = await this.endpoints.listSubscribed(ownerId, event.type);
    const eventId = outcome ? outcomeEventId(outcome.imageId, event.type, outcome.finishedAt) : `msg_${randomUUID()}`;
    const created = await this.deliveries.createForEndpoints(
      ownerId,
      subscribed.map((endpoint) => endpoint.id),
      eventId,
      event,
      now,
    );
    if (outcome) {
      const callback = await this.handOffCallback(ownerId, outcome.imageId, event, now);
      if (callback) created.push(callback);
    }
    for (const delivery of created) await this.dispatchNow(delivery);
    return created;
  }

  /** Turns the callback the image's caller asked for (the images module's outbox) into a delivery, once. */
  private async handOffCallback(
    ownerId: string,
    imageId: string,
    event: WebhookEvent,
    now: Date,
  ): Promise<WebhookDeliveryRecord | undefined> {
    const callbackUrl = await this.outbox.pending(ownerId, imageId);
    if (!callbackUrl) return undefined;
    const delivery = await this.deliveries.createCallback(ownerId, imageId, callbackUrl, event, now);
    await this.outbox.markHandedOff(ownerId, imageId, now);
    return delivery;
  }

  /** Queues an attempt for a delivery that is due now (new, or replayed). */
  async dispatchNow(delivery: Pick<WebhookDeliveryRecord, 'id' | 'ownerId'>): Promise<void> {
    await this.queue.dispatch(
      'webhook-deliver',
      { deliveryId: delivery.id, ownerId: delivery.ownerId },
      `${delivery.id}.${randomUUID()}`,
    );
  }

  /** Backs up the delayed retry jobs: hands every due delivery to the queue (a lost job, a restart, a clock moved on). */
  @JobHandler('webhook-sweep', { every: (config) => config.TAGPHOTO_WEBHOOK_SWEEP_MS })
  async sweep(): Promise<number> {
    const due = await this.deliveries.listDue(this.clock.now(), SWEEP_BATCH);
    for (const delivery of due) {
      const payload = { deliveryId: delivery.id, ownerId: delivery.ownerId };
      await this.queue.dispatch(
        'webhook-deliver',
        payload,
        `sweep.${delivery.id}.${delivery.nextAttemptAt!.getTime()}`,
      );
    }
    return due.length;
  }

  /** One attempt of one delivery, if it is due; never throws for the receiver's failures (the schedule retries, not the queue). */
  @JobHandler('webhook-deliver')
  async deliver({ deliveryId, ownerId }: JobPayloads['webhook-deliver']): Promise<void> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.config.TAGPHOTO_WEBHOOK_TIMEOUT_MS + 60_000);
    const delivery = await this.deliveries.claim(ownerId, deliveryId, now, leaseUntil);
    if (!delivery) return;
    const target = await this.targetOf(delivery);
    if (!target) return this.deliveries.abandon(ownerId, delivery.id, 'The endpoint is disabled or was deleted.');
    const event = await this.deliveries.payload(ownerId, delivery.id);
    if (!event) return this.deliveries.abandon(ownerId, delivery.id, 'The message is gone.');
    const body = JSON.stringify(event);
    const headers = signedHeaders(delivery.eventId, now, body, activeSecrets(target.secrets, now));
    let outcome: PostOutcome | undefined;
    let error: string | null = null;
    try {
      outcome = await postJson(target.url, body, headers, this.guard, {
        timeoutMs: this.config.TAGPHOTO_WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: RESPONSE_EXCERPT_BYTES,
      });
    } catch (failure) {
      if (!(failure instanceof FetchError)) throw failure;
      error = failure.message;
    }
    await this.conclude(delivery, target, now, outcome, error);
  }

  private async conclude(
    delivery: WebhookDeliveryRecord,
    target: Target,
    now: Date,
    outcome: PostOutcome | undefined,
    error: string | null,
  ): Promise<void> {
    const { ownerId } = delivery;
    const attempt = {
      statusCode: outcome?.status ?? null,
      latencyMs: outcome?.latencyMs ?? null,
      response: outcome?.excerpt ?? null,
      error,
    };
    const decision = decideAfterAttempt(outcome?.status, delivery.attempts + 1);
    switch (decision.kind) {
      case 'delivered':
        await this.deliveries.recordAttempt(ownerId, delivery.id, attempt, { status: 'delivered' });
        if (target.endpointId) await this.endpoints.markHealthy(ownerId, target.endpointId);
        return;
      case 'gone':
        await this.deliveries.recordAttempt(ownerId, delivery.id, attempt, { status: 'failed' });
        if (target.endpointId) await this.disable(ownerId, target.endpointId, 'The receiver answered 410 Gone.');
        return;
      case 'exhausted':
        await this.deliveries.recordAttempt(ownerId, delivery.id, attempt, { status: 'failed' });
        break;
      case 'retry': {
        const nextAttemptAt = new Date(now.getTime() + decision.delayMs);
        await this.deliveries.recordAttempt(ownerId, delivery.id, attempt, { status: 'pending', nextAttemptAt });
        await this.queue.dispatch(
          'webhook-deliver',
          { deliveryId: delivery.id, ownerId },
          `${delivery.id}.${nextAttemptAt.getTime()}`,
          { delayMs: decision.delayMs },
        );
        break;
      }
    }
    if (target.endpointId) {
      const failingSince = await this.endpoints.markFailing(ownerId, target.endpointId, now);
      if (shouldDisableFailingEndpoint(failingSince, now, this.config.TAGPHOTO_WEBHOOK_DISABLE_AFTER_MS)) {
        await this.disable(
          ownerId,
          target.endpointId,
          `Every delivery has failed since ${failingSince.toISOString()}.`,
        );
      }
    }
  }

  private async targetOf(delivery: WebhookDeliveryRecord): Promise<Target | undefined> {
    if (delivery.callbackUrl) {
      return {
        url: delivery.callbackUrl,
        secrets: await this.callbackSecrets.forCallbackUrl(delivery.ownerId, delivery.callbackUrl),
        endpointId: null,
      };
    }
    const endpoint = delivery.endpointId ? await this.endpoints.get(delivery.ownerId, delivery.endpointId) : undefined;
    const secrets = endpoint?.enabled ? await this.endpoints.secrets(delivery.ownerId, endpoint.id) : undefined;
    return endpoint && secrets ? { url: endpoint.url, secrets, endpointId: endpoint.id } : undefined;
  }

  /** Disables the endpoint and tells the owner through their security log. */
  private async disable(ownerId: string, endpointId: string, reason: string): Promise<void> {
    if (!(await this.endpoints.disable(ownerId, endpointId, reason))) return;
    this.logger.warn(`webhook endpoint ${endpointId} disabled: ${reason}`);
    await this.audit.record(ownerId, 'webhook_endpoint.disabled', { id: endpointId, reason });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
