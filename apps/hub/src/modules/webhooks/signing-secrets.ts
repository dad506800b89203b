import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';

/** The secrets of one endpoint (or of an account's callbacks): the current one, and the one it replaced during its grace period. */
export interface SigningSecrets {
  current: string;
  previous?: string;
  /** ISO time until which `previous` still signs. */
  previousUntil?: string;
}

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (what svix issues). */
export const newSigningSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** Replaces the current secret; the old one keeps signing until `now + graceMs`. */
export function rotateSecrets(
  secrets: SigningSecrets,
  replacement: string,
  now: Date,
  graceMs: number,
): SigningSecrets {
  if (graceMs <= 0) return { current: replacement };
  return {
    current: replacement,
    previous: secrets.current,
    previousUntil: new Date(now.getTime() + graceMs).toISOString(),
  };
}

/** The secrets that sign a message sent at `now`: the current one first. */
export function activeSecrets(secrets: SigningSecrets, now: Date): string[] {
  const previousValid = secrets.previous && secrets.previousUntil && now.getTime() < Date.parse(secrets.previousUntil);
  return previousValid ? [secrets.current, secrets.previous!] : [secrets.current];
}

/** When the previous secret stops signing, or null when it already has (or there is none). */
export function previousValidUntil(secrets: SigningSecrets, now: Date): string | null {
  return activeSecrets(secrets, now).length > 1 ? secrets.previousUntil! : null;
}

/**
 * The Standard Webhooks headers of one attempt. svix signs with one secret; the signature header carries
 * space-separated `v1,<sig>` entries, so during a rotation each active secret adds its own.
 */
export function signedHeaders(
  messageId: string,
  sentAt: Date,
  body: string,
  secrets: readonly string[],
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, sentAt, body)).join(' '),
  };
}
