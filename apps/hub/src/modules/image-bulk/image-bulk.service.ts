import { Injectable } from '@nestjs/common';
import { BULK_IMAGE_LIMIT, type ImageBulk, type ImageBulkResult } from '@tagphoto/contracts';
import { z } from 'zod';
import { HubError, UnprocessableError, ValidationError } from '../../common/errors';
import type { Principal } from '../auth/principal';
import { ImagesService } from '../images/images.service';
import { ReviewQueueService } from '../review/review-queue.service';

const tooMany = (what: string): UnprocessableError =>
  new UnprocessableError(
    'bulk_limit_exceeded',
    `${what} more than ${BULK_IMAGE_LIMIT} images, the most one bulk operation acts on: send the ids in batches of ${BULK_IMAGE_LIMIT}, or narrow the filter (by date, tag or status).`,
  );

/**
 * One operation on many of the owner's images, listed or matched by a filter, each image through the path a
 * single-image request takes (DELETE /v1/images/:id, POST /v1/review/:id/approve, POST /v1/images/:id/retag); an image
 * that fails is reported with its error and the others go on.
 */
@Injectable()
export class ImageBulkService {
  constructor(
    private readonly images: ImagesService,
    private readonly reviewQueue: ReviewQueueService,
  ) {}

  async run(principal: Principal, bulk: ImageBulk): Promise<ImageBulkResult> {
    const ids = bulk.ids ?? (await this.matching(principal.ownerId, bulk));
    if (ids.length > BULK_IMAGE_LIMIT) throw tooMany(`ids lists ${ids.length} ids:`);
    const result: ImageBulkResult = { action: bulk.action, matched: ids.length, done: [], refused: [] };
    const seen = new Set<string>();
    for (const id of ids) {
      try {
        if (seen.has(id)) throw new ValidationError(`${id} is listed more than once; send each id once.`, 'invalid_id');
        seen.add(id);
        if (!z.uuid().safeParse(id).success)
          throw new ValidationError(`${id} is not an image id (a UUID from GET /v1/images).`, 'invalid_id');
        await this.act(principal, bulk, id);
        result.done.push(id);
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        result.refused.push({ id, error: { code: error.code, message: error.message } });
      }
    }
    return result;
  }

  private async act(principal: Principal, bulk: ImageBulk, id: string): Promise<void> {
    switch (bulk.action) {
      case 'delete':
        return this.images.delete(principal.ownerId, id);
      case 'approve':
        await this.reviewQueue.decide(principal, id, { kind: 'approve' });
        return;
      case 'retag':
        await this.images.retag(principal.ownerId, id, { language: bulk.language });
        return;
    }
  }

  /** The ids of every image matching the filter; refused before anything is done when more than the limit match. */
  private async matching(ownerId: string, bulk: ImageBulk): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of this.images.matching(ownerId, bulk.filter ?? { tags: 'any' })) {
      ids.push(...page.map((image) => image.id));
      if (ids.length > BULK_IMAGE_LIMIT) throw tooMany('The filter matches');
    }
    return ids;
  }
}
