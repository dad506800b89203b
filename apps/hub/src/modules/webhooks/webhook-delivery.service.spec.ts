import type { WebhookEvent } from '@tagphoto/contracts';
import { FetchError } from '../../common/outbound/outbound-target';
import { postJson } from '../../common/outbound/post-json';
import type { HubConfig } from '../../config/config.schema';
import type { QueueDriver } from '../../jobs/queue-driver';
import { FixedClock, mockClass } from '../../testing/mock-class';
import { SecurityLog } from '../audit/security-log';
import { ImageCallbackOutbox } from '../images/image-callback-outbox.service';
import { ImageEvents } from '../images/image-events';
import { CallbackSecretRepository } from './callback-secret.repository';
import { RETRY_SCHEDULE_MS } from './retry-schedule';
import { WebhookDeliveryRecord, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

jest.mock('../../common/outbound/post-json', () => ({ postJson: jest.fn() }));
const post = postJson as jest.MockedFunction<typeof postJson>;

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const config = {
  TAGPHOTO_WEBHOOK_TIMEOUT_MS: 5000,
  TAGPHOTO_WEBHOOK_DISABLE_AFTER_MS: 5 * DAY,
  TAGPHOTO_FETCH_ALLOW_HOSTS: [],
} as unknown as HubConfig;
const event: WebhookEvent = { type: 'image.deleted', timestamp: NOW.toISOString(), data: { imageId: 'img-1' } };

function delivery(overrides: Partial<WebhookDeliveryRecord> = {}): WebhookDeliveryRecord {
  return {
    id: 'del-1',
    ownerId: 'owner-1',
    endpointId: 'ep-1',
    callbackUrl: null,
    eventId: 'msg_1',
    eventType: 'image.deleted',
    status: 'pending',
    attempts: 0,
    lastStatusCode: null,
    lastLatencyMs: null,
    lastResponse: null,
    lastError: null,
    nextAttemptAt: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

function setup() {
  const endpoints = mockClass(WebhookEndpointRepository);
  const deliveries = mockClass(WebhookDeliveryRepository);
  const callbackSecrets = mockClass(CallbackSecretRepository);
  const audit = mockClass(SecurityLog);
  const outbox = mockClass(ImageCallbackOutbox);
  const queue = { dispatch: jest.fn() } as unknown as jest.Mocked<QueueDriver>;
  const service = new WebhookDeliveryService(
    endpoints,
    deliveries,
    callbackSecrets,
    audit,
    new ImageEvents(),
    outbox,
    new FixedClock(NOW),
    queue,
    config,
  );
  endpoints.get.mockResolvedValue({
    id: 'ep-1',
    ownerId: 'owner-1',
    url: 'https://receiver.test/hook',
    events: ['image.deleted'],
    enabled: true,
    disabledReason: null,
    failingSince: null,
    createdAt: NOW,
  });
  endpoints.secrets.mockResolvedValue({ current: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  endpoints.markFailing.mockResolvedValue(NOW);
  endpoints.disable.mockResolvedValue(true);
  deliveries.payload.mockResolvedValue(event);
  return { service, endpoints, deliveries, callbackSecrets, audit, outbox, queue };
}

const answer = (status: number) => ({ status, latencyMs: 12, excerpt: 'ok' });

beforeEach(() => post.mockReset());

describe('WebhookDeliveryService.deliver', () => {
  it('sends nothing when the attempt cannot be claimed (not due, or another worker has it)', async () => {
    const { service, deliveries } = setup();
    deliveries.claim.mockResolvedValue(undefined);
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(post).not.toHaveBeenCalled();
    expect(deliveries.recordAttempt).not.toHaveBeenCalled();
  });

  it('abandons a delivery whose endpoint was disabled, without sending it', async () => {
    const { service, deliveries, endpoints } = setup();
    deliveries.claim.mockResolvedValue(delivery());
    endpoints.get.mockResolvedValue({ ...(await endpoints.get('owner-1', 'ep-1'))!, enabled: false });
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(post).not.toHaveBeenCalled();
    expect(deliveries.abandon).toHaveBeenCalledWith('owner-1', 'del-1', 'The endpoint is disabled or was deleted.');
  });

  it('signs the exact body it sends with Standard Webhooks headers', async () => {
    const { service, deliveries } = setup();
    deliveries.claim.mockResolvedValue(delivery());
    post.mockResolvedValue(answer(200));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    const [url, body, headers] = post.mock.calls[0];
    expect(url).toBe('https://receiver.test/hook');
    expect(JSON.parse(body)).toEqual(event);
    expect(headers).toEqual(
      expect.objectContaining({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW.getTime() / 1000) }),
    );
    expect(headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('records a 2xx as delivered and marks the endpoint healthy', async () => {
    const { service, deliveries, endpoints, queue } = setup();
    deliveries.claim.mockResolvedValue(delivery());
    post.mockResolvedValue(answer(204));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(
      'owner-1',
      'del-1',
      expect.objectContaining({ statusCode: 204 }),
      { status: 'delivered' },
    );
    expect(endpoints.markHealthy).toHaveBeenCalledWith('owner-1', 'ep-1');
    expect(queue.dispatch).not.toHaveBeenCalled();
  });

  it('fails the delivery on 410 Gone and disables the endpoint, telling the owner', async () => {
    const { service, deliveries, endpoints, audit, queue } = setup();
    deliveries.claim.mockResolvedValue(delivery({ attempts: 1 }));
    post.mockResolvedValue(answer(410));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(deliveries.recordAttempt).toHaveBeenCalledWith('owner-1', 'del-1', expect.anything(), { status: 'failed' });
    expect(endpoints.disable).toHaveBeenCalledWith('owner-1', 'ep-1', 'The receiver answered 410 Gone.');
    expect(audit.record).toHaveBeenCalledWith('owner-1', 'webhook_endpoint.disabled', {
      id: 'ep-1',
      reason: 'The receiver answered 410 Gone.',
    });
    expect(queue.dispatch).not.toHaveBeenCalled();
  });

  it('schedules the next attempt after a 5xx and counts the endpoint as failing, without disabling it yet', async () => {
    const { service, deliveries, endpoints, queue } = setup();
    deliveries.claim.mockResolvedValue(delivery({ attempts: 2 }));
    post.mockResolvedValue(answer(503));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    const nextAttemptAt = new Date(NOW.getTime() + RETRY_SCHEDULE_MS[3]);
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(
      'owner-1',
      'del-1',
      expect.objectContaining({ statusCode: 503 }),
      { status: 'pending', nextAttemptAt },
    );
    expect(queue.dispatch).toHaveBeenCalledWith(
      'webhook-deliver',
      { deliveryId: 'del-1', ownerId: 'owner-1' },
      `del-1.${nextAttemptAt.getTime()}`,
      { delayMs: RETRY_SCHEDULE_MS[3] },
    );
    expect(endpoints.markFailing).toHaveBeenCalledWith('owner-1', 'ep-1', NOW);
    expect(endpoints.disable).not.toHaveBeenCalled();
  });

  it('records a network error as the attempt error and retries it', async () => {
    const { service, deliveries, queue } = setup();
    deliveries.claim.mockResolvedValue(delivery());
    post.mockRejectedValue(new FetchError('Could not reach the receiver: ECONNREFUSED'));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(
      'owner-1',
      'del-1',
      { statusCode: null, latencyMs: null, response: null, error: 'Could not reach the receiver: ECONNREFUSED' },
      expect.objectContaining({ status: 'pending' }),
    );
    expect(queue.dispatch).toHaveBeenCalledTimes(1);
  });

  it("lets a failure that is not the receiver's (a bug) reach the queue, which retries the job", async () => {
    const { service, deliveries } = setup();
    deliveries.claim.mockResolvedValue(delivery());
    post.mockRejectedValue(new TypeError('boom'));
    await expect(service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' })).rejects.toThrow('boom');
    expect(deliveries.recordAttempt).not.toHaveBeenCalled();
  });

  it('fails the delivery after its last attempt and disables an endpoint failing for five days', async () => {
    const { service, deliveries, endpoints, queue } = setup();
    deliveries.claim.mockResolvedValue(delivery({ attempts: 7 }));
    endpoints.markFailing.mockResolvedValue(new Date(NOW.getTime() - 5 * DAY));
    post.mockResolvedValue(answer(500));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(deliveries.recordAttempt).toHaveBeenCalledWith('owner-1', 'del-1', expect.anything(), { status: 'failed' });
    expect(queue.dispatch).not.toHaveBeenCalled();
    expect(endpoints.disable).toHaveBeenCalledWith(
      'owner-1',
      'ep-1',
      expect.stringContaining('Every delivery has failed since'),
    );
  });

  it("keeps an image callback out of endpoint bookkeeping, signing it with the account's callback secret", async () => {
    const { service, deliveries, endpoints, callbackSecrets } = setup();
    deliveries.claim.mockResolvedValue(delivery({ endpointId: null, callbackUrl: 'https://app.test/callback' }));
    callbackSecrets.forCallbackUrl.mockResolvedValue({ current: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    post.mockResolvedValue(answer(500));
    await service.deliver({ deliveryId: 'del-1', ownerId: 'owner-1' });
    expect(post.mock.calls[0][0]).toBe('https://app.test/callback');
    expect(callbackSecrets.forCallbackUrl).toHaveBeenCalledWith('owner-1', 'https://app.test/callback');
    expect(endpoints.markFailing).not.toHaveBeenCalled();
    expect(endpoints.disable).not.toHaveBeenCalled();
  });
});

describe('WebhookDeliveryService.publish', () => {
  const tagged: WebhookEvent = {
    type: 'image.failed',
    timestamp: NOW.toISOString(),
    data: { image: { id: 'img-1' } },
  } as unknown as WebhookEvent;
  const outcome = { imageId: 'img-1', finishedAt: NOW };

  it("turns the images module's requested callback into a delivery, then marks it handed off", async () => {
    const { service, endpoints, deliveries, outbox, queue } = setup();
    const order: string[] = [];
    endpoints.listSubscribed.mockResolvedValue([]);
    deliveries.createForEndpoints.mockResolvedValue([]);
    outbox.pending.mockResolvedValue('https://app.test/callback');
    deliveries.createCallback.mockImplementation(async () => {
      order.push('delivery');
      return delivery({ id: 'img-1', endpointId: null, callbackUrl: 'https://app.test/callback' });
    });
    outbox.markHandedOff.mockImplementation(async () => void order.push('handed off'));
    const created = await service.publish('owner-1', tagged, outcome);
    expect(deliveries.createCallback).toHaveBeenCalledWith(
      'owner-1',
      'img-1',
      'https://app.test/callback',
      tagged,
      NOW,
    );
    expect(order).toEqual(['delivery', 'handed off']);
    expect(created.map((made) => made.id)).toEqual(['img-1']);
    expect(queue.dispatch).toHaveBeenCalledWith(
      'webhook-deliver',
      { deliveryId: 'img-1', ownerId: 'owner-1' },
      expect.any(String),
    );
  });

  it('makes no callback when none is pending (none asked for, or already handed off)', async () => {
    const { service, endpoints, deliveries, outbox, queue } = setup();
    endpoints.listSubscribed.mockResolvedValue([]);
    deliveries.createForEndpoints.mockResolvedValue([]);
    outbox.pending.mockResolvedValue(undefined);
    expect(await service.publish('owner-1', tagged, outcome)).toEqual([]);
    expect(deliveries.createCallback).not.toHaveBeenCalled();
    expect(outbox.markHandedOff).not.toHaveBeenCalled();
    expect(queue.dispatch).not.toHaveBeenCalled();
  });
});
