import http from 'node:http';
import https from 'node:https';
import { assertOutboundTarget, FetchError } from './outbound-target';
import { SsrfGuard } from './ssrf-guard';

export { FetchError } from './outbound-target';

/** Socket errors that mean the image's server is not there, not that anything is wrong with the hub. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

/**
 * GETs a URL for the hub with the SSRF guard on every hop (redirects included), a byte limit enforced while
 * streaming, and one overall deadline. Only http and https.
 */
export async function fetchBytes(
  url: string,
  guard: SsrfGuard,
  limits: FetchLimits,
): Promise<{ bytes: Buffer; finalUrl: string }> {
  const deadline = Date.now() + limits.timeoutMs;
  let current = new URL(url);
  for (let hop = 0; hop <= (limits.maxRedirects ?? 3); hop++) {
    assertOutboundTarget(current, guard);
    const outcome = await getOnce(current, guard, limits.maxBytes, deadline);
    if ('redirect' in outcome) {
      current = new URL(outcome.redirect, current);
      continue;
    }
    return { bytes: outcome.bytes, finalUrl: current.toString() };
  }
  throw new FetchError('Too many redirects.', 'too_many_redirects');
}

function getOnce(
  url: URL,
  guard: SsrfGuard,
  maxBytes: number,
  deadline: number,
): Promise<{ bytes: Buffer } | { redirect: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchError('Fetching the image took too long.', 'fetch_timeout', 504));
    const request = client.get(
      url,
      { lookup: guard.lookup(), timeout: remaining, headers: { accept: 'image/*' } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ redirect: response.headers.location });
        }
        if (status !== 200) {
          response.resume();
          return reject(new FetchError(`The image URL answered HTTP ${status}.`));
        }
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
          response.destroy();
          return reject(new FetchError(`The image is larger than ${maxBytes} bytes.`, 'payload_too_large', 413));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            reject(new FetchError(`The image is larger than ${maxBytes} bytes.`, 'payload_too_large', 413));
          } else chunks.push(chunk);
        });
        response.on('end', () => resolve({ bytes: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new FetchError('Fetching the image took too long.', 'fetch_timeout', 504)),
      remaining,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () =>
      request.destroy(new FetchError('Fetching the image took too long.', 'fetch_timeout', 504)),
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof FetchError) return reject(error);
      if (error.code === 'EBLOCKED') return reject(new FetchError(error.message, 'url_not_allowed', 400));
      if (error.code && UNREACHABLE_CODES.has(error.code)) {
        return reject(
          new FetchError(`The image server ${url.host} could not be reached (${error.code}).`, 'url_unreachable'),
        );
      }
      reject(new FetchError(`Could not fetch the image: ${error.message}`));
    });
  });
}
