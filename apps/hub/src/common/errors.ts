import type { ErrorCode } from '@tagphoto/contracts';

/**
 * Errors the hub raises on purpose. Each carries the HTTP status and a stable code; the exception filter maps
 * them to `{ error: { code, message } }` at the edge, once.
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HubError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class UnauthorizedError extends HubError {
  constructor(code: ErrorCode, message: string) {
    super(401, code, message);
  }
}

export class ValidationError extends HubError {
  constructor(message: string, code: ErrorCode = 'invalid_request') {
    super(400, code, message);
  }
}

export class ConflictError extends HubError {
  constructor(code: ErrorCode, message: string) {
    super(409, code, message);
  }
}

/** A well-formed request that contradicts one the hub already has (an Idempotency-Key sent again with another request). */
export class UnprocessableError extends HubError {
  constructor(code: ErrorCode, message: string) {
    super(422, code, message);
  }
}

/**
 * A connector the operator of this hub has not set up. It names the environment variables to set (never a value), so
 * the API's 503 and the page a browser gets both say what to do.
 */
export class NotConfiguredError extends HubError {
  constructor(
    code: ErrorCode,
    /** The connector as people call it: "Google Drive". */
    readonly service: string,
    readonly missingSettings: readonly string[],
    message: string,
  ) {
    super(503, code, message);
  }
}

export class UnavailableError extends HubError {
  constructor(message: string) {
    super(503, 'unavailable', message);
  }
}

/** A body of a kind the route does not take (forms, text, uploads where JSON is expected, any body where none is). */
export class UnsupportedMediaTypeError extends HubError {
  constructor(message: string) {
    super(415, 'unsupported_media_type', message);
  }
}

/** A state-changing browser request sent from a page of another site. */
export class CrossSiteRequestError extends HubError {
  constructor(message: string) {
    super(403, 'cross_site_request', message);
  }
}

/** A refusal the client may try again later; the exception filter sends `retryAfterSeconds` as Retry-After. */
export class RetryLaterError extends HubError {
  constructor(
    status: 409 | 429 | 503,
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, code, message);
  }
}
