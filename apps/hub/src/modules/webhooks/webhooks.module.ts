import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { CallbackSecretRepository } from './callback-secret.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Outgoing webhooks: endpoints, per-request callbacks, deliveries with retries (worker side) and their API. Image
 * events and the images module's callback outbox (ImageCallbackOutbox) are what it delivers.
 */
@Module({
  imports: [AuthModule, ImagesModule],
  controllers: [WebhooksController],
  providers: [
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    CallbackSecretRepository,
    WebhookDeliveryService,
    WebhooksService,
  ],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
