import { type ArgumentsHost, NotFoundException } from '@nestjs/common';
import { ERROR_CODES } from '@tagphoto/contracts';
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from '@tagphoto/tagging';
import { DecryptionError } from '@tagphoto/privacy';
import { ConflictError, RetryLaterError } from './errors';
import { HttpExceptionFilter } from './http-exception.filter';

function answer(exception: unknown): {
  status: number;
  body: { error: { code: string; message: string } };
  headers: Record<string, string>;
} {
  const seen = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const response = {
    setHeader: (name: string, value: string) => void (seen.headers[name] = value),
    status(code: number) {
      seen.status = code;
      return this;
    },
    json: (body: unknown) => void (seen.body = body),
  };
  // An API client's request; a browser's visit of an unknown page is the dashboard suite's (real Express there).
  const request = { method: 'GET', path: '/v1/nope', accepts: () => 'json' };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return seen as ReturnType<typeof answer>;
}

describe('HttpExceptionFilter', () => {
  it('answers a hub error with its status and code', () => {
    expect(answer(new ConflictError('delivery_in_progress', 'Busy.'))).toMatchObject({
      status: 409,
      body: { error: { code: 'delivery_in_progress', message: 'Busy.' } },
    });
  });

  it('names the engine image errors with codes from the contracts list', () => {
    expect(answer(new UnsupportedImageError('text/plain')).body.error.code).toBe('unsupported_image');
    expect(answer(new CorruptImageError('truncated')).body.error.code).toBe('corrupt_image');
    expect(answer(new ImageTooLargeError('too many pixels')).status).toBe(413);
  });

  it('sends Retry-After with a retry-later refusal', () => {
    const seen = answer(new RetryLaterError(429, 'rate_limited', 'Slow down.', 7));
    expect(seen.headers['Retry-After']).toBe('7');
    expect(seen.status).toBe(429);
  });

  it("maps Nest's own exceptions and unknown failures to listed codes, without internals", () => {
    expect(answer(new NotFoundException('Cannot GET /nope')).body.error.code).toBe('not_found');
    const crash = answer(new TypeError('secret internals'));
    expect(crash).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } });
    expect(crash.body.error.message).not.toContain('secret');
    expect(answer(new DecryptionError('tampered')).body.error.code).toBe('decryption_failed');
  });

  it('answers only codes from the contracts list', () => {
    const answers = [
      new ConflictError('delivery_in_progress', 'x'),
      new NotFoundException(),
      new Error('x'),
      new CorruptImageError('x'),
    ].map((error) => answer(error).body.error.code);
    for (const code of answers) expect(ERROR_CODES).toContain(code);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
