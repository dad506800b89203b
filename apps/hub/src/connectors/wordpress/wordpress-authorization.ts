import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SigningSecrets } from '../../modules/webhooks/signing-secrets';

export const WORDPRESS_PROVIDER = 'wordpress';

/** How long the one-time code the site owner's browser carries back to WordPress stays good. */
export const CODE_LIFETIME_MS = 10 * 60_000;

/** What a connected site's Connection keeps sealed: its API key's id (to revoke it) and the secret its callbacks are signed with. */
export interface WordPressSiteSecrets {
  apiKeyId?: string;
  callbackSecret?: SigningSecrets;
  /** An approval the site has not exchanged yet (PKCE: only its challenge and the code's hash are kept). */
  pending?: PendingAuthorization;
  [key: string]: unknown;
}

export interface PendingAuthorization {
  codeHash: string;
  codeChallenge: string;
  redirectUri: string;
  expiresAt: string;
}

/** A site address as WordPress's home_url() gives it: http(s), no credentials, query or fragment, no trailing slash. */
export function normaliseSiteUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash)
    return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The code goes back only to the site being connected: same origin, under the site's path. */
export function redirectBelongsToSite(redirectUri: string, siteUrl: string): boolean {
  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
  } catch {
    return false;
  }
  const site = new URL(siteUrl);
  return (
    redirect.origin === site.origin &&
    !redirect.hash &&
    `${redirect.pathname}`.startsWith(`${site.pathname.replace(/\/+$/, '')}/`)
  );
}

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

export const authorizeSiteSchema = z.object({
  siteUrl: z.string().max(2000),
  siteName: z.string().trim().max(200).default(''),
  redirectUri: z.string().max(2000),
  state: z.string().min(16).max(200),
  codeChallenge: base64url.length(43),
  codeChallengeMethod: z.literal('S256'),
});
export type AuthorizeSiteInput = z.infer<typeof authorizeSiteSchema>;

export const exchangeCodeSchema = z.object({
  siteUrl: z.string().max(2000),
  code: base64url.min(40).max(100),
  codeVerifier: base64url.min(43).max(128),
});

export const newAuthorizationCode = (): string => randomBytes(32).toString('base64url');

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** RFC 7636 S256: base64url(sha256(verifier)) equals the challenge the site sent when the owner approved it. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** Whether a pending approval accepts this code and verifier at `now`. */
export function pendingAccepts(
  pending: PendingAuthorization | undefined,
  code: string,
  verifier: string,
  now: Date,
): boolean {
  if (!pending || Date.parse(pending.expiresAt) <= now.getTime()) return false;
  const given = Buffer.from(hashCode(code));
  const kept = Buffer.from(pending.codeHash);
  return (
    given.length === kept.length && timingSafeEqual(given, kept) && verifierMatches(verifier, pending.codeChallenge)
  );
}
