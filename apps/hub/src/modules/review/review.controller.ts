import { Body, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import {
  ReviewBulk,
  ReviewBulkEdit,
  reviewBulkEditSchema,
  ReviewBulkResult,
  reviewBulkResultSchema,
  reviewBulkSchema,
  ReviewDecision,
  reviewDecisionSchema,
  ReviewEdit,
  reviewEditSchema,
  ReviewPage,
  reviewPageSchema,
  ReviewQueueQuery,
  reviewQueueQuerySchema,
} from '@tagphoto/contracts';
import { ApiQueryFrom, openApiSchema } from '../../common/openapi';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { CurrentPrincipal, OwnerController } from '../auth/owner.guard';
import type { Principal } from '../auth/principal';
import { ReviewQueueService } from './review-queue.service';

/**
 * The owner's review queue: what the engine flagged and what connections hold, and a person's approve, edit or
 * reject, one id at a time or many (each answered on its own).
 */
@OwnerController('v1/review', { tag: 'review', via: ['session', 'api-key'] })
export class ReviewController {
  constructor(private readonly queue: ReviewQueueService) {}

  @Get()
  @ApiQueryFrom(reviewQueueQuerySchema)
  @ApiOkResponse({ schema: openApiSchema(reviewPageSchema) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(reviewQueueQuerySchema)) query: ReviewQueueQuery,
  ): Promise<ReviewPage> {
    return this.queue.page(principal.ownerId, query);
  }

  @Post('approve')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(reviewBulkSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(reviewBulkResultSchema) })
  approveEach(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(reviewBulkSchema)) body: ReviewBulk,
  ): Promise<ReviewBulkResult> {
    return this.queue.decideEach(
      principal,
      body.ids.map((id) => ({ id, action: { kind: 'approve' } })),
    );
  }

  @Post('reject')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(reviewBulkSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(reviewBulkResultSchema) })
  rejectEach(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(reviewBulkSchema)) body: ReviewBulk,
  ): Promise<ReviewBulkResult> {
    return this.queue.decideEach(
      principal,
      body.ids.map((id) => ({ id, action: { kind: 'reject' } })),
    );
  }

  @Post('edit')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(reviewBulkEditSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(reviewBulkResultSchema) })
  editEach(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(reviewBulkEditSchema)) body: ReviewBulkEdit,
  ): Promise<ReviewBulkResult> {
    return this.queue.decideEach(
      principal,
      body.edits.map(({ id, ...edit }) => ({ id, action: { kind: 'edit', edit } })),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(reviewDecisionSchema) })
  approve(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewDecision> {
    return this.queue.decide(principal, id, { kind: 'approve' });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(reviewDecisionSchema) })
  reject(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewDecision> {
    return this.queue.decide(principal, id, { kind: 'reject' });
  }

  /** Publishes the item as the person rewrote it (alt text, title or both). */
  @Post(':id/edit')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(reviewEditSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(reviewDecisionSchema) })
  edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(reviewEditSchema)) edit: ReviewEdit,
  ): Promise<ReviewDecision> {
    return this.queue.decide(principal, id, { kind: 'edit', edit });
  }
}
