import { createHash, timingSafeEqual } from 'node:crypto';

/** A Drive push channel as the hub created it, or as a notification names it. */
export interface ChannelCredentials {
  id: string;
  token: string;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * True when a notification names the connection's current channel with its token. Both are compared as SHA-256
 * digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte or on the id alone.
 */
export function channelMatches(current: ChannelCredentials, given: ChannelCredentials): boolean {
  const sameId = timingSafeEqual(digest(current.id), digest(given.id));
  const sameToken = timingSafeEqual(digest(current.token), digest(given.token));
  return sameId && sameToken;
}
