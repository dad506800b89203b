import { Inject, Injectable } from '@nestjs/common';
import type { ImageView } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { NotFoundError, RetryLaterError, UnprocessableError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { IDEMPOTENCY_KEY_TTL_MS } from './idempotency';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { type IngestOutcome, ImagesService } from './images.service';

/** An answer to POST /v1/images: 200 with the finished image (wait=true), or 202 with its id and status. */
export interface ImageAnswer {
  status: 200 | 202;
  body: ImageView | Pick<ImageView, 'id' | 'status'>;
}

const answerOf = (outcome: IngestOutcome): ImageAnswer => ({
  status: outcome.finished ? 200 : 202,
  body: outcome.image,
});

/**
 * POST /v1/images with an Idempotency-Key: the first request with a key makes the image; a retry with the same key
 * and the same request is answered as the first was (the same image, as it is now) and makes nothing; the same key
 * with another request is refused with 422, and while the first still runs a retry is told to come back (409).
 */
@Injectable()
export class ImageIdempotency {
  constructor(
    private readonly keys: IdempotencyKeyRepository,
    private readonly images: ImagesService,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async once(
    ownerId: string,
    key: string,
    fingerprint: string,
    create: () => Promise<IngestOutcome>,
  ): Promise<ImageAnswer> {
    const now = this.clock.now();
    const claim = await this.keys.claim(ownerId, key, fingerprint, {
      now,
      // A first request answers within the wait timeout; one silent for twice that died with its hub.
      lockedUntil: new Date(now.getTime() + 2 * this.config.TAGPHOTO_WAIT_TIMEOUT_MS),
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
    });
    if (claim === 'claimed') return this.first(ownerId, key, create);
    if (claim.fingerprint !== fingerprint) {
      throw new UnprocessableError(
        'idempotency_key_reused',
        'This Idempotency-Key was sent with another request (other file, URL or options): use a new key for a new request.',
      );
    }
    if (!claim.answer) {
      throw new RetryLaterError(
        409,
        'idempotency_key_in_progress',
        'The first request with this Idempotency-Key is still running: try again shortly.',
        1,
      );
    }
    return this.replay(ownerId, claim.answer);
  }

  private async first(ownerId: string, key: string, create: () => Promise<IngestOutcome>): Promise<ImageAnswer> {
    let answer: ImageAnswer;
    try {
      answer = answerOf(await create());
    } catch (error) {
      await this.keys.release(ownerId, key);
      throw error;
    }
    await this.keys.answer(ownerId, key, answer.body.id, answer.status);
    return answer;
  }

  private async replay(ownerId: string, answer: { imageId: string; status: number }): Promise<ImageAnswer> {
    const image = await this.images.get(ownerId, answer.imageId).catch((error: unknown) => {
      if (error instanceof NotFoundError)
        throw new NotFoundError('The image this Idempotency-Key made (it was deleted since)');
      throw error;
    });
    return answer.status === 200
      ? { status: 200, body: image }
      : { status: 202, body: { id: image.id, status: image.status } };
  }
}
