import { Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { shopifyBackfillSchema, type ShopifyBackfillView } from '@tagphoto/contracts';
import { openApiSchema } from '../../common/openapi';
import { CurrentPrincipal, OwnerController } from '../../modules/auth/owner.guard';
import type { Principal } from '../../modules/auth/principal';
import { ShopifyCatalogService } from './shopify-catalog.service';

/** The catalog backfill of one of the owner's Shopify connections, for the hub dashboard (dashboard sessions only). */
@OwnerController('v1/connections/:id/shopify/backfill', { tag: 'connections' })
export class ShopifyBackfillController {
  constructor(private readonly catalog: ShopifyCatalogService) {}

  @Get()
  @ApiOkResponse({ schema: openApiSchema(shopifyBackfillSchema) })
  async progress(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ShopifyBackfillView> {
    return this.catalog.backfill(principal.ownerId, id);
  }

  /** Starts tagging every product image of the shop (or returns the running backfill's progress). */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: openApiSchema(shopifyBackfillSchema) })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ShopifyBackfillView> {
    return this.catalog.startBackfill(principal.ownerId, id);
  }
}
