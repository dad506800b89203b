/** Keys are relative, slash-separated and dot-free, so no driver can be steered outside its root or bucket. */
const KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9/_-]{0,200}$/;
const PREFIX_PATTERN = /^(?:[a-zA-Z0-9][a-zA-Z0-9/_-]{0,200})?$/;

export class InvalidBlobKeyError extends Error {
  readonly code = 'invalid_blob_key';
}

export function assertBlobKey(key: string): string {
  if (!KEY_PATTERN.test(key) || key.includes('//') || key.endsWith('/'))
    throw new InvalidBlobKeyError(`Invalid blob key: ${key}`);
  return key;
}

/** A prefix is a key's beginning: empty (everything), a folder (`owner/`) or part of a name (`owner/ima`). */
export function assertBlobPrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix) || prefix.includes('//')) {
    throw new InvalidBlobKeyError(`Invalid blob key prefix: ${prefix}`);
  }
  return prefix;
}
