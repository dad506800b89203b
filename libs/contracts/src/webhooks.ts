import { z } from 'zod';
import { imageSchema } from './api';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-event-types';

/** Outgoing webhooks (/v1/webhooks) and the Standard Webhooks payloads the hub sends. */

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

const imageFinishedEvent = <T extends 'image.tagged' | 'image.failed'>(type: T) =>
  z.object({
    type: z.literal(type),
    /** When it happened (ISO 8601). */
    timestamp: z.string(),
    /** The image exactly as GET /v1/images/:id answers. */
    data: z.object({ image: imageSchema }),
  });

export const imageTaggedEventSchema = imageFinishedEvent('image.tagged');
export const imageFailedEventSchema = imageFinishedEvent('image.failed');
export const imageDeletedEventSchema = z.object({
  type: z.literal('image.deleted'),
  timestamp: z.string(),
  data: z.object({ imageId: z.string().uuid() }),
});

/** Every body the hub POSTs to an endpoint or a per-request callback URL. */
export const webhookEventSchema = z.discriminatedUnion('type', [
  imageTaggedEventSchema,
  imageFailedEventSchema,
  imageDeletedEventSchema,
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** What a per-request callback (POST /v1/images with callbackUrl) receives. */
export const imageCallbackSchema = z.discriminatedUnion('type', [imageTaggedEventSchema, imageFailedEventSchema]);
export type ImageCallback = z.infer<typeof imageCallbackSchema>;

const endpointUrl = z.string().url().max(2048);
const eventFilter = z.array(webhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length);

export const createWebhookEndpointSchema = z.strictObject({
  url: endpointUrl,
  /** Which events to send; all of them when left out. */
  events: eventFilter.default([...WEBHOOK_EVENT_TYPES]),
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpoint = z.infer<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z.strictObject({
  url: endpointUrl.optional(),
  events: eventFilter.optional(),
  /** Re-enabling also forgets why it was disabled and its run of failures. */
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpoint = z.infer<typeof updateWebhookEndpointSchema>;

export const webhookEndpointSchema = z.object({
  id: z.string().uuid(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  /** Until when the previous secret still signs too (after a rotation); null when only one secret signs. */
  previousSecretValidUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;

/** A signing secret (`whsec_…`), shown once when created or rotated. */
export const webhookSecretSchema = z.object({
  secret: z.string(),
  previousSecretValidUntil: z.string().nullable(),
});
export type WebhookSecretView = z.infer<typeof webhookSecretSchema>;

export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({ secret: z.string() });
export type CreatedWebhookEndpointView = z.infer<typeof createdWebhookEndpointSchema>;

export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivering', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string().uuid(),
  endpointId: z.string().uuid().nullable(),
  /** The `webhook-id` header: the same on every attempt and replay. */
  eventId: z.string(),
  eventType: z.string(),
  status: webhookDeliveryStatusSchema,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  /** The first kilobyte of the receiver's last answer. */
  lastResponse: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;

export const listWebhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: webhookDeliveryStatusSchema.optional(),
});

export const replayFailedSchema = z.strictObject({ since: z.iso.datetime({ offset: true }) });
export const replayedSchema = z.object({ replayed: z.number().int() });
