import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  NestMiddleware,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { RetryLaterError } from '../../common/errors';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import type { Principal } from '../auth/principal';
import { RateLimits } from '../rate-limit/rate-limits';

/** Seconds a refused uploader is asked to wait: about the time a few uploads in flight take to finish. */
const RETRY_AFTER_SECONDS = 5;

export class UploadsBusyError extends RetryLaterError {
  constructor() {
    super(
      503,
      'uploads_busy',
      `The hub is receiving as many uploads as it holds at once; retry in ${RETRY_AFTER_SECONDS} s.`,
      RETRY_AFTER_SECONDS,
    );
  }
}

export class TooManyUploadsError extends RetryLaterError {
  constructor(limit: number) {
    super(
      429,
      'too_many_uploads',
      `This account already has ${limit} uploads in progress; send the next one when one of them is answered.`,
      RETRY_AFTER_SECONDS,
    );
  }
}

/**
 * Bounds the image bytes a process holds: every upload (a file, or a URL the hub fetches) is read into memory
 * whole, so only TAGPHOTO_UPLOADS_IN_FLIGHT may be in progress at once, and at most
 * TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER of one owner's. Both checks run before the body is read, so a refused
 * upload costs no memory; a slot is held until the upload is answered or its connection drops.
 */
@Injectable()
export class UploadAdmission {
  private readonly logger = new Logger('uploads');
  private inFlight = 0;
  private readonly inFlightByOwner = new Map<string, number>();

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  admitToProcess(response: Response): void {
    if (this.inFlight >= this.config.TAGPHOTO_UPLOADS_IN_FLIGHT) throw new UploadsBusyError();
    this.inFlight++;
    // 'close' follows every answer and every aborted connection, so a slot is never leaked.
    response.once('close', () => this.inFlight--);
  }

  admitOwner(ownerId: string, response: Response): void {
    const owners = this.inFlightByOwner.get(ownerId) ?? 0;
    if (owners >= this.config.TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER) {
      throw new TooManyUploadsError(this.config.TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER);
    }
    this.inFlightByOwner.set(ownerId, owners + 1);
    this.logger.debug(`upload admitted: ${this.inFlight} in flight`);
    response.once('close', () => {
      const left = (this.inFlightByOwner.get(ownerId) ?? 1) - 1;
      if (left > 0) this.inFlightByOwner.set(ownerId, left);
      else this.inFlightByOwner.delete(ownerId);
    });
  }
}

/** The process-wide check, before authentication: a full hub refuses without so much as a database lookup. */
@Injectable()
export class ProcessUploadAdmission implements NestMiddleware {
  constructor(private readonly admission: UploadAdmission) {}

  use(_request: Request, response: Response, next: () => void): void {
    this.admission.admitToProcess(response);
    next();
  }
}

/** The per-owner check once the caller is known; sessions also spend an upload budget per minute, as API keys do. */
@Injectable()
export class OwnerUploadAdmission implements NestInterceptor {
  constructor(
    private readonly admission: UploadAdmission,
    private readonly limits: RateLimits,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const { ownerId, via } = http.getRequest<Request & { principal: Principal }>().principal;
    const response = http.getResponse<Response>();
    if (via === 'session') await this.limits.forSessionUpload(ownerId, response);
    this.admission.admitOwner(ownerId, response);
    return next.handle();
  }
}
