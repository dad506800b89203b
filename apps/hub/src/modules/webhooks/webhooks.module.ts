import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookStoreModule } from './webhook-store.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Outgoing webhooks: endpoints, per-request callbacks, deliveries with retries (worker side) and their API. */
@Module({
  imports: [AuthModule, ImagesModule, WebhookStoreModule],
  controllers: [WebhooksController],
  providers: [WebhookDeliveryService, WebhooksService],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
