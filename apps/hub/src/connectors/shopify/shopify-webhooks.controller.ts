import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '../../common/errors';
import { AcceptsBody } from '../../common/request-intake';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { InboundEventRepository } from '../inbound-event.repository';
import { ShopifyApp } from './shopify-api.provider';
import { ShopifyCatalogService } from './shopify-catalog.service';
import { ShopifyShopService } from './shopify-shop.service';
import { SHOPIFY } from './shopify-settings';

/** Topics as the library reports them (PRODUCTS_CREATE for products/create). */
const PRODUCT_TOPICS = new Set(['PRODUCTS_CREATE', 'PRODUCTS_UPDATE']);

/**
 * Where each shop-level topic's signed payload names its shop: app/uninstalled sends the Shop resource, the
 * compliance topics send `shop_domain`. Product payloads name no shop: their work reads the product through the
 * named shop's own token, so a product of another shop is simply not found there.
 */
const SIGNED_SHOP_FIELD: Record<string, string> = {
  APP_UNINSTALLED: 'myshopify_domain',
  SHOP_REDACT: 'shop_domain',
  CUSTOMERS_REDACT: 'shop_domain',
  CUSTOMERS_DATA_REQUEST: 'shop_domain',
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Every Shopify webhook, including the mandatory compliance topics. Shopify posts JSON only, so nothing else is
 * accepted (415); the HMAC is checked over the exact bytes received (401 otherwise); a shop-level topic acts
 * only on the shop its signed payload names (401 if the header names another). Each event is acted on once:
 * by Shopify's event id, and by the signed bytes themselves, so a captured webhook re-sent under fresh headers
 * does nothing. Product work is queued so Shopify gets its answer within its five-second budget.
 */
@ApiExcludeController()
@Controller('webhooks/shopify')
export class ShopifyWebhooksController {
  constructor(
    private readonly shopify: ShopifyApp,
    private readonly shops: ShopifyShopService,
    private readonly catalog: ShopifyCatalogService,
    private readonly inbound: InboundEventRepository,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  @Post()
  @HttpCode(200)
  @AcceptsBody('json')
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ ok: true }> {
    const rawBody = request.rawBody;
    if (!rawBody?.length) throw new ValidationError('Expected the JSON body Shopify signed.');
    let signedText: string;
    try {
      // Decoded strictly, so the text the library signs again is byte for byte what arrived.
      signedText = strictUtf8.decode(rawBody);
    } catch {
      throw new ValidationError('The webhook body is not UTF-8 JSON.');
    }
    const check = await this.shopify.library.webhooks.validate({
      rawBody: signedText,
      rawRequest: request,
      rawResponse: response,
    });
    if (!check.valid)
      throw new UnauthorizedError(
        'invalid_webhook_signature',
        'The Shopify webhook signature (X-Shopify-Hmac-Sha256) does not match.',
      );
    const shop = check.domain;
    const body = request.body as Record<string, unknown>;
    const shopField = SIGNED_SHOP_FIELD[check.topic];
    if (shopField && body[shopField] !== shop) {
      throw new UnauthorizedError(
        'webhook_shop_mismatch',
        `The shop in X-Shopify-Shop-Domain is not the shop the signed payload names (${shopField}).`,
      );
    }
    const eventId = ('eventId' in check && check.eventId) || check.webhookId;
    const signedDigest = createHash('sha256').update(rawBody).digest('hex');
    const firstByEventId = await this.inbound.firstSeen(SHOPIFY, `${check.topic}:${eventId}`);
    const firstBySignedBytes = await this.inbound.firstSeen(SHOPIFY, `${check.topic}:${shop}:sha256:${signedDigest}`);
    if (!firstByEventId || !firstBySignedBytes) return { ok: true };
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
    } else if (check.topic === 'BULK_OPERATIONS_FINISH') {
      const connection = await this.shops.activeConnection(shop);
      const operationId = typeof body.admin_graphql_api_id === 'string' ? body.admin_graphql_api_id : undefined;
      if (connection && operationId) await this.catalog.bulkOperationFinished(connection, operationId);
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
