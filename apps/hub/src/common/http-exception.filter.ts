import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from '@tagphoto/tagging';
import type { ErrorBody, ErrorCode } from '@tagphoto/contracts';
import { DecryptionError } from '@tagphoto/privacy';
import { notConfiguredPage } from '../dashboard/not-configured-page';
import { notFoundPage } from '../dashboard/not-found-page';
import { pageLanguage } from '../dashboard/page-language';
import { setPageSecurityHeaders } from '../dashboard/serve-dashboard';
import { HubError, NotConfiguredError, RetryLaterError } from './errors';
import { unavailableService } from './unavailable';

/** Seconds a client is asked to wait before retrying while PostgreSQL or Redis is away. */
const RETRY_AFTER_SECONDS = 10;

const IMAGE_ERRORS: Array<[new (...args: never[]) => Error, number, ErrorCode]> = [
  [UnsupportedImageError, 415, 'unsupported_image'],
  [CorruptImageError, 422, 'corrupt_image'],
  [ImageTooLargeError, 413, 'image_too_large'],
];

/** Maps every error to the API's one error body; unknown errors become a 500 without internals. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const unavailable = unavailableService(exception);
    if (unavailable) {
      this.logger.warn(`${unavailable} unavailable: ${(exception as Error).message.split('\n').pop()}`);
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      response.status(503).json({
        error: {
          code: `${unavailable}_unavailable`,
          message: `The ${unavailable} is unreachable right now; retry in ${RETRY_AFTER_SECONDS} seconds.`,
        },
      });
      return;
    }
    const request = host.switchToHttp().getRequest<Request>();
    if (exception instanceof NotFoundException && isPageVisit(request)) {
      setPageSecurityHeaders(response);
      response
        .status(404)
        .type('html')
        .send(notFoundPage(request.path, pageLanguage(request)));
      return;
    }
    if (exception instanceof NotConfiguredError && isPageVisit(request)) {
      setPageSecurityHeaders(response);
      response
        .status(exception.status)
        .type('html')
        .send(notConfiguredPage(exception.service, exception.missingSettings, pageLanguage(request)));
      return;
    }
    if (exception instanceof RetryLaterError)
      response.setHeader('Retry-After', String(Math.max(1, exception.retryAfterSeconds)));
    const [status, body] = this.toBody(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof HubError) {
      return [exception.status, { error: { code: exception.code, message: exception.message } }];
    }
    for (const [type, status, code] of IMAGE_ERRORS) {
      if (exception instanceof type) return [status, { error: { code, message: exception.message } }];
    }
    if (exception instanceof DecryptionError) {
      // Stored data that fails its integrity check was altered or damaged: refuse loudly, never serve it.
      return [500, { error: { code: exception.code, message: exception.message } }];
    }
    const unreadable = unreadableBody(exception);
    if (unreadable) return unreadable;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : messageOf(raw, exception.message);
      return [status, { error: { code: codeForStatus(status), message } }];
    }
    return [
      500,
      { error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } },
    ];
  }
}

/**
 * A person's browser asking for a page (the hub has no route for it, or it connects a service the operator has not
 * set up): it prefers HTML to JSON, and the address is not the API's, whose clients always get the JSON error body.
 */
function isPageVisit(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (request.path === '/v1' || request.path.startsWith('/v1/')) return false;
  return request.accepts(['json', 'html']) === 'html';
}

/** What body-parser (express.json/urlencoded) raises, as http-errors with a `type` naming the cause (Nest maps its JSON syntax errors itself). */
interface BodyParserError {
  status: number;
  type: string;
  limit?: number;
  charset?: string;
}

const BODY_PARSER_ERRORS: Record<string, (error: BodyParserError) => [number, ErrorCode, string]> = {
  'entity.too.large': (error) => [
    413,
    'payload_too_large',
    `The request body is larger than the ${error.limit ?? ''} bytes this route accepts; images go as multipart uploads.`,
  ],
  'charset.unsupported': (error) => [
    415,
    'unsupported_charset',
    `The body's charset ${error.charset ?? ''} is not supported; send UTF-8.`,
  ],
  'encoding.unsupported': () => [
    415,
    'unsupported_encoding',
    "The body's Content-Encoding is not supported; send it uncompressed.",
  ],
};

/** A 4xx naming the problem when the body could not be read, instead of an internal error. */
function unreadableBody(exception: unknown): [number, ErrorBody] | undefined {
  const candidate = exception as Partial<BodyParserError> | null;
  const describe = typeof candidate?.type === 'string' ? BODY_PARSER_ERRORS[candidate.type] : undefined;
  if (!describe) return undefined;
  const [status, code, message] = describe(candidate as BodyParserError);
  return [status, { error: { code, message } }];
}

function codeForStatus(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = {
    400: 'invalid_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  return codes[status] ?? 'http_error';
}

/** Nest's exception bodies carry `message` as a string or, from its validation pipes, a list of strings. */
function messageOf(body: object, fallback: string): string {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join(',');
  return fallback;
}
