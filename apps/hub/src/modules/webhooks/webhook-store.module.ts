import { Global, Module } from '@nestjs/common';
import { CallbackSecretRepository } from './callback-secret.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

/** Webhook tables, for the images module to record a requested callback without depending on the webhooks module. */
// Global until the image → webhook hand-off is an outbox the images module owns (issue 17, not done yet).
@Global()
@Module({
  providers: [WebhookEndpointRepository, WebhookDeliveryRepository, CallbackSecretRepository],
  exports: [WebhookEndpointRepository, WebhookDeliveryRepository, CallbackSecretRepository],
})
export class WebhookStoreModule {}
