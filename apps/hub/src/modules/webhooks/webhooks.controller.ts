import { Body, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  CreatedWebhookEndpointView,
  createdWebhookEndpointSchema,
  CreateWebhookEndpoint,
  createWebhookEndpointSchema,
  listWebhookDeliveriesQuerySchema,
  replayedSchema,
  replayFailedSchema,
  UpdateWebhookEndpoint,
  updateWebhookEndpointSchema,
  webhookDeliverySchema,
  WebhookDeliveryView,
  webhookEndpointSchema,
  WebhookEndpointView,
  webhookSecretSchema,
  WebhookSecretView,
} from '@tagphoto/contracts';
import { z } from 'zod';
import { openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { WebhooksService } from './webhooks.service';

/**
 * Outgoing webhooks, managed from the dashboard only: an endpoint receives every future result of the account
 * and its secrets sign them, so a leaked API key must not be enough to redirect or read them.
 */
@OwnerController('v1/webhooks', { tag: 'webhooks' })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('endpoints')
  @ApiBody({ schema: openApiSchema(createWebhookEndpointSchema, 'input') })
  @ApiCreatedResponse({
    description: 'The endpoint with its signing secret, shown this once.',
    schema: openApiSchema(createdWebhookEndpointSchema),
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createWebhookEndpointSchema)) body: CreateWebhookEndpoint,
  ): Promise<CreatedWebhookEndpointView> {
    return this.webhooks.create(principal.ownerId, body);
  }

  @Get('endpoints')
  @ApiOkResponse({ schema: openApiSchema(z.array(webhookEndpointSchema)) })
  list(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointView[]> {
    return this.webhooks.list(principal.ownerId);
  }

  @Get('endpoints/:id')
  @ApiOkResponse({ schema: openApiSchema(webhookEndpointSchema) })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(principal.ownerId, id);
  }

  @Patch('endpoints/:id')
  @ApiBody({ schema: openApiSchema(updateWebhookEndpointSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(webhookEndpointSchema) })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(updateWebhookEndpointSchema)) body: UpdateWebhookEndpoint,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(principal.ownerId, id, body);
  }

  @Delete('endpoints/:id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.delete(principal.ownerId, id);
  }

  @Post('endpoints/:id/rotate-secret')
  @ApiCreatedResponse({
    description: 'The new secret, shown this once; the old one signs too until previousSecretValidUntil.',
    schema: openApiSchema(webhookSecretSchema),
  })
  rotate(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSecretView> {
    return this.webhooks.rotateSecret(principal.ownerId, id);
  }

  @Get('endpoints/:id/deliveries')
  @ApiOkResponse({ schema: openApiSchema(z.array(webhookDeliverySchema)) })
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodValidationPipe(listWebhookDeliveriesQuerySchema))
    query: z.infer<typeof listWebhookDeliveriesQuerySchema>,
  ): Promise<WebhookDeliveryView[]> {
    return this.webhooks.deliveriesOf(principal.ownerId, id, query.limit, query.status);
  }

  @Post('endpoints/:id/replay-failed')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(replayFailedSchema, 'input') })
  @ApiAcceptedResponse({ schema: openApiSchema(replayedSchema) })
  async replayFailed(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(replayFailedSchema)) body: z.infer<typeof replayFailedSchema>,
  ): Promise<z.infer<typeof replayedSchema>> {
    return { replayed: await this.webhooks.replayFailed(principal.ownerId, id, new Date(body.since)) };
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: openApiSchema(webhookDeliverySchema) })
  replay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookDeliveryView> {
    return this.webhooks.replay(principal.ownerId, id);
  }

  /** The secret that signs per-request callbacks (POST /v1/images callbackUrl); created on first use. */
  @Get('callback-secret')
  @ApiOkResponse({ schema: openApiSchema(webhookSecretSchema) })
  callbackSecret(@CurrentPrincipal() principal: Principal): Promise<WebhookSecretView> {
    return this.webhooks.callbackSecret(principal.ownerId);
  }

  @Post('callback-secret/rotate')
  @ApiCreatedResponse({ schema: openApiSchema(webhookSecretSchema) })
  rotateCallbackSecret(@CurrentPrincipal() principal: Principal): Promise<WebhookSecretView> {
    return this.webhooks.rotateCallbackSecret(principal.ownerId);
  }
}
