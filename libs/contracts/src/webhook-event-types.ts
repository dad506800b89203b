/**
 * The events outgoing webhooks carry: the one list every other place derives from (the API's schema, the hub's
 * image events, the dashboard's checkboxes). Free of zod so the dashboard can import it without bundling a validator.
 */
export const WEBHOOK_EVENT_TYPES = ['image.tagged', 'image.failed', 'image.deleted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
