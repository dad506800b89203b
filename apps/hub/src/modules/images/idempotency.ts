import { createHash } from 'node:crypto';
import type { ImageOptions } from '@tagphoto/contracts';
import { ValidationError } from '../../common/errors';

/** How long a key is remembered, and how long a first request may run before a retry is allowed to run it again. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;

/** Printable ASCII, as the IETF Idempotency-Key draft asks of a key (a UUID, typically), at most 255 characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key header, undefined when absent; a 400 names what is wrong with a malformed one. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) {
    throw new ValidationError(
      'Idempotency-Key: send one key of 1 to 255 printable ASCII characters, such as a UUID.',
      'invalid_idempotency_key',
    );
  }
  return header;
}

/**
 * What makes two image requests the same request: the options and either the image's bytes (their SHA-256) or its
 * URL. A retry must send the same; the same key with anything else is refused.
 */
export function requestFingerprint(image: { sha256: string } | { url: string }, options: ImageOptions): string {
  const hash = createHash('sha256');
  const sortedOptions = Object.fromEntries(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));
  hash.update(JSON.stringify(sortedOptions));
  if ('url' in image) hash.update(`\nurl:${image.url}`);
  else hash.update(`\nsha256:${image.sha256}`);
  return hash.digest('hex');
}
