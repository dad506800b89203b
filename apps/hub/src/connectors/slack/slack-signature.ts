import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../../common/errors';

/** Slack refuses nothing older than this itself; we refuse anything further from our clock, either way. */
export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

export interface SlackSignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
}

/**
 * Checks Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret,
 * compared in constant time, and a timestamp within five minutes of now so a captured request cannot be replayed.
 */
export function verifySlackSignature(signingSecret: string, request: SlackSignedRequest, nowSeconds: number): void {
  const { signature, timestamp, rawBody } = request;
  if (!signature || !timestamp) {
    throw new UnauthorizedError(
      'slack_signature_missing',
      'X-Slack-Signature and X-Slack-Request-Timestamp are required.',
    );
  }
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - sentAt) > SLACK_REPLAY_WINDOW_SECONDS) {
    throw new UnauthorizedError(
      'slack_request_stale',
      'The Slack request timestamp is not within five minutes of now.',
    );
  }
  const expected = Buffer.from(`v0=${slackSignature(signingSecret, timestamp, rawBody)}`, 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError('slack_signature_invalid', 'The Slack request signature does not match.');
  }
}

/** The hex digest Slack sends after `v0=`. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex');
}
