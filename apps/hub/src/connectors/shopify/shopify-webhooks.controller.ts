import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UnauthorizedError } from '../../common/errors';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { InboundEventRepository } from '../inbound-event.repository';
import { ShopifyApp } from './shopify-api.provider';
import { ShopifyShopService } from './shopify-shop.service';
import { SHOPIFY } from './shopify-settings';

/** Topics as the library reports them (PRODUCTS_CREATE for products/create). */
const PRODUCT_TOPICS = new Set(['PRODUCTS_CREATE', 'PRODUCTS_UPDATE']);

/**
 * Every Shopify webhook, including the mandatory compliance topics. The HMAC over the raw body is checked
 * first (401 otherwise); each event is acted on once (X-Shopify-Event-Id); product work is queued so
 * Shopify gets its answer within its five-second budget.
 */
@ApiExcludeController()
@Controller('webhooks/shopify')
export class ShopifyWebhooksController {
  constructor(
    private readonly shopify: ShopifyApp,
    private readonly shops: ShopifyShopService,
    private readonly inbound: InboundEventRepository,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() request: RawBodyRequest<Request>, @Res({ passthrough: true }) response: Response): Promise<{ ok: true }> {
    const check = await this.shopify.library.webhooks.validate({
      rawBody: request.rawBody?.toString('utf8') ?? '',
      rawRequest: request,
      rawResponse: response,
    });
    if (!check.valid) throw new UnauthorizedError('invalid_webhook_signature', 'The Shopify webhook signature (X-Shopify-Hmac-Sha256) does not match.');
    const eventId = ('eventId' in check && check.eventId) || check.webhookId;
    if (!(await this.inbound.firstSeen(SHOPIFY, `${check.topic}:${eventId}`))) return { ok: true };
    const shop = check.domain;
    const body = request.body as Record<string, unknown>;
    if (PRODUCT_TOPICS.has(check.topic)) {
      const connection = await this.shops.activeConnection(shop);
      const productId = typeof body.admin_graphql_api_id === 'string' ? body.admin_graphql_api_id : undefined;
      if (connection && productId) {
        await this.queue.dispatch(
          'shopify-product',
          { ownerId: connection.ownerId, connectionId: connection.id, productId },
          `shopify-product-${connection.id}-${eventId}`.replace(/[^a-zA-Z0-9_-]/g, '-'),
        );
      }
    } else if (check.topic === 'APP_UNINSTALLED') {
      await this.shops.uninstalled(shop);
    } else if (check.topic === 'SHOP_REDACT') {
      await this.shops.redactShop(shop);
    }
    // customers/data_request and customers/redact: the hub keeps no customer data (only product images), so
    // there is nothing to report or erase; the 200 acknowledges the request.
    return { ok: true };
  }
}
