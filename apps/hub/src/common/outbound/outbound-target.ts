import type { ErrorCode } from '@tagphoto/contracts';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { HubError } from '../errors';
import { SsrfGuard } from './ssrf-guard';

export class FetchError extends HubError {
  constructor(message: string, code: ErrorCode = 'fetch_failed', status = 422) {
    super(status, code, message);
  }
}

/**
 * The checks every outgoing request makes before its socket opens: http(s) only, no credentials in the URL,
 * and literal addresses through the guard, because sockets skip `lookup` for those.
 */
export function assertOutboundTarget(url: URL, guard: SsrfGuard): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(`Only http and https URLs can be used (got ${url.protocol}).`, 'unsupported_url', 400);
  }
  if (url.username || url.password)
    throw new FetchError('URLs with credentials are not accepted.', 'unsupported_url', 400);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  const refused = isIP(literal) ? guard.refusal(literal, literal) : undefined;
  if (refused) throw new FetchError(refused, 'url_not_allowed', 400);
}

/**
 * Checks a URL the hub will contact later (a webhook endpoint, a callback URL) now, so the owner hears at once
 * that it points somewhere private; delivery checks again through `guard.lookup()` against DNS rebinding.
 */
export async function assertPublicUrl(raw: string, guard: SsrfGuard): Promise<void> {
  const url = new URL(raw);
  assertOutboundTarget(url, guard);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return;
  const addresses = await lookup(hostname, { all: true }).catch(() => {
    throw new FetchError(`${hostname} does not resolve.`, 'url_not_resolvable', 400);
  });
  const refused = addresses.map((entry) => guard.refusal(hostname, entry.address)).find(Boolean);
  if (refused) throw new FetchError(refused, 'url_not_allowed', 400);
}
