import { Inject, Injectable } from '@nestjs/common';
import type {
  CreatedWebhookEndpointView,
  CreateWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookSecretView,
} from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError } from '../../common/errors';
import { assertPublicUrl } from '../../common/outbound/outbound-target';
import { SsrfGuard } from '../../common/outbound/ssrf-guard';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { SecurityLog } from '../audit/security-log';
import { CallbackSecretRepository } from './callback-secret.repository';
import { newSigningSecret, previousValidUntil, rotateSecrets, type SigningSecrets } from './signing-secrets';
import { WebhookDeliveryRecord, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRecord, WebhookEndpointRepository } from './webhook-endpoint.repository';

export const toDeliveryView = (delivery: WebhookDeliveryRecord): WebhookDeliveryView => ({
  id: delivery.id,
  endpointId: delivery.endpointId,
  eventId: delivery.eventId,
  eventType: delivery.eventType,
  status: delivery.status,
  attempts: delivery.attempts,
  lastStatusCode: delivery.lastStatusCode,
  lastLatencyMs: delivery.lastLatencyMs,
  lastResponse: delivery.lastResponse,
  lastError: delivery.lastError,
  nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
  createdAt: delivery.createdAt.toISOString(),
});

/** The owner's side of webhooks: endpoints and their secrets, the callback secret, delivery logs and replays. */
@Injectable()
export class WebhooksService {
  private readonly guard: SsrfGuard;

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly callbackSecrets: CallbackSecretRepository,
    private readonly delivery: WebhookDeliveryService,
    private readonly audit: SecurityLog,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.guard = new SsrfGuard(config.TAGPHOTO_FETCH_ALLOW_HOSTS);
  }

  async create(ownerId: string, input: CreateWebhookEndpoint): Promise<CreatedWebhookEndpointView> {
    await assertPublicUrl(input.url, this.guard);
    const secret = newSigningSecret();
    const endpoint = await this.endpoints.create(ownerId, input, { current: secret });
    await this.audit.record(ownerId, 'webhook_endpoint.created', { id: endpoint.id });
    return { ...this.view(endpoint, { current: secret }), secret };
  }

  async list(ownerId: string): Promise<WebhookEndpointView[]> {
    const endpoints = await this.endpoints.list(ownerId);
    return Promise.all(
      endpoints.map(async (endpoint) => this.view(endpoint, (await this.endpoints.secrets(ownerId, endpoint.id))!)),
    );
  }

  async get(ownerId: string, id: string): Promise<WebhookEndpointView> {
    const endpoint = await this.endpoints.get(ownerId, id);
    const secrets = endpoint && (await this.endpoints.secrets(ownerId, id));
    if (!endpoint || !secrets) throw new NotFoundError('Webhook endpoint');
    return this.view(endpoint, secrets);
  }

  async update(ownerId: string, id: string, changes: UpdateWebhookEndpoint): Promise<WebhookEndpointView> {
    if (!(await this.endpoints.get(ownerId, id))) throw new NotFoundError('Webhook endpoint');
    if (changes.url) await assertPublicUrl(changes.url, this.guard);
    await this.endpoints.update(ownerId, id, changes);
    return this.get(ownerId, id);
  }

  async delete(ownerId: string, id: string): Promise<void> {
    if (!(await this.endpoints.delete(ownerId, id))) throw new NotFoundError('Webhook endpoint');
    await this.audit.record(ownerId, 'webhook_endpoint.deleted', { id });
  }

  /** A new secret, shown once; the old one keeps signing beside it for the grace period. */
  async rotateSecret(ownerId: string, id: string): Promise<WebhookSecretView> {
    const secrets = await this.endpoints.secrets(ownerId, id);
    if (!secrets) throw new NotFoundError('Webhook endpoint');
    const rotated = this.rotated(secrets);
    await this.endpoints.setSecrets(ownerId, id, rotated);
    await this.audit.record(ownerId, 'webhook_endpoint.secret_rotated', { id });
    return { secret: rotated.current, previousSecretValidUntil: previousValidUntil(rotated, this.clock.now()) };
  }

  async callbackSecret(ownerId: string): Promise<WebhookSecretView> {
    const secrets = await this.callbackSecrets.get(ownerId);
    return { secret: secrets.current, previousSecretValidUntil: previousValidUntil(secrets, this.clock.now()) };
  }

  async rotateCallbackSecret(ownerId: string): Promise<WebhookSecretView> {
    const rotated = this.rotated(await this.callbackSecrets.get(ownerId));
    await this.callbackSecrets.set(ownerId, rotated);
    await this.audit.record(ownerId, 'webhook_endpoint.secret_rotated', { id: 'callbacks' });
    return { secret: rotated.current, previousSecretValidUntil: previousValidUntil(rotated, this.clock.now()) };
  }

  async deliveriesOf(
    ownerId: string,
    endpointId: string,
    limit: number,
    status?: WebhookDeliveryStatus,
  ): Promise<WebhookDeliveryView[]> {
    if (!(await this.endpoints.get(ownerId, endpointId))) throw new NotFoundError('Webhook endpoint');
    return (await this.deliveries.listForEndpoint(ownerId, endpointId, limit, status)).map(toDeliveryView);
  }

  /** Sends a finished delivery again, with the same webhook-id. */
  async replay(ownerId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const delivery = await this.deliveries.get(ownerId, deliveryId);
    if (!delivery) throw new NotFoundError('Webhook delivery');
    if (delivery.endpointId) await this.assertEnabled(ownerId, delivery.endpointId);
    if ((await this.deliveries.replay(ownerId, [deliveryId], this.clock.now())) === 0) {
      throw new ConflictError(
        'delivery_in_progress',
        'This delivery has not finished yet; replay it once it is delivered or failed.',
      );
    }
    await this.delivery.dispatchNow(delivery);
    return toDeliveryView((await this.deliveries.get(ownerId, deliveryId))!);
  }

  /** Sends every failed delivery of an endpoint created since `since` again. */
  async replayFailed(ownerId: string, endpointId: string, since: Date): Promise<number> {
    await this.assertEnabled(ownerId, endpointId);
    const ids = await this.deliveries.listFailedSince(ownerId, endpointId, since);
    const replayed = await this.deliveries.replay(ownerId, ids, this.clock.now());
    for (const id of ids) await this.delivery.dispatchNow({ id, ownerId });
    return replayed;
  }

  private async assertEnabled(ownerId: string, endpointId: string): Promise<void> {
    const endpoint = await this.endpoints.get(ownerId, endpointId);
    if (!endpoint) throw new NotFoundError('Webhook endpoint');
    if (!endpoint.enabled) {
      throw new ConflictError(
        'endpoint_disabled',
        'The endpoint is disabled; enable it (PATCH {"enabled": true}) before replaying.',
      );
    }
  }

  private rotated(secrets: SigningSecrets): SigningSecrets {
    return rotateSecrets(secrets, newSigningSecret(), this.clock.now(), this.config.TAGPHOTO_WEBHOOK_SECRET_GRACE_MS);
  }

  private view(endpoint: WebhookEndpointRecord, secrets: SigningSecrets): WebhookEndpointView {
    return {
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      enabled: endpoint.enabled,
      disabledReason: endpoint.disabledReason,
      failingSince: endpoint.failingSince?.toISOString() ?? null,
      previousSecretValidUntil: previousValidUntil(secrets, this.clock.now()),
      createdAt: endpoint.createdAt.toISOString(),
    };
  }
}
