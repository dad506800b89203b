import { Module } from '@nestjs/common';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { AuthModule } from '../../modules/auth/auth.module';
import { ConnectionsModule } from '../connections.module';
import { ImagesModule } from '../../modules/images/images.module';
import { ReviewModule } from '../../modules/review/review.module';
import { TaggingModule } from '../../modules/tagging/tagging.module';
import { ShopifyApp } from './shopify-api.provider';
import { ShopifyAuthController } from './shopify-auth.controller';
import { ShopifyBackfillController } from './shopify-backfill.controller';
import { ShopifyCatalogService } from './shopify-catalog.service';
import { ShopifyEmbeddedController } from './shopify-embedded.controller';
import { ShopifyReviewPublisher } from './shopify-review.publisher';
import { ShopifyShopService } from './shopify-shop.service';
import { ShopifyTokenService } from './shopify-tokens';
import { ShopifyWebhooksController } from './shopify-webhooks.controller';
import { ShopifyConnector } from './shopify.connector';

/** The Shopify connector: install (OAuth code flow and token exchange), webhooks, catalog work, embedded page. */
@Module({
  imports: [AuthModule, ConnectionsModule, ImagesModule, ReviewModule, TaggingModule],
  controllers: [ShopifyAuthController, ShopifyWebhooksController, ShopifyEmbeddedController, ShopifyBackfillController],
  providers: [
    { provide: ShopifyApp, inject: [HUB_CONFIG], useFactory: (config: HubConfig) => ShopifyApp.fromConfig(config) },
    ShopifyTokenService,
    ShopifyCatalogService,
    ShopifyShopService,
    ShopifyConnector,
    ShopifyReviewPublisher,
  ],
})
export class ShopifyModule {}
