import http from 'node:http';
import https from 'node:https';
import { assertOutboundTarget, FetchError } from './outbound-target';
import { SsrfGuard } from './ssrf-guard';

export interface PostOptions {
  timeoutMs: number;
  /** How much of the answer to keep (the rest is discarded unread). */
  maxResponseBytes: number;
}

export interface PostOutcome {
  status: number;
  latencyMs: number;
  /** The first `maxResponseBytes` of the answer, as text. */
  excerpt: string;
}

/**
 * POSTs a JSON body with the SSRF guard on the very address the socket uses (DNS rebinding included). Redirects
 * are not followed: the answer is what the receiver said. Network errors, refusals and timeouts throw FetchError.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  guard: SsrfGuard,
  options: PostOptions,
): Promise<PostOutcome> {
  const target = new URL(url);
  assertOutboundTarget(target, guard);
  const client = target.protocol === 'https:' ? https : http;
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number((process.hrtime.bigint() - started) / 1_000_000n);
  return new Promise((resolve, reject) => {
    // Set once the request exists; the response handler that clears it runs only after that.
    let timer: NodeJS.Timeout | undefined;
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup: guard.lookup(),
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'TagPhoto-Webhooks/1',
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = (): void => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            latencyMs: elapsed(),
            excerpt: Buffer.concat(chunks).toString('utf8'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (kept >= options.maxResponseBytes) return;
          const part = chunk.subarray(0, options.maxResponseBytes - kept);
          chunks.push(part);
          kept += part.length;
          // Enough read: the status is known and the rest of a large answer does not matter.
          if (kept >= options.maxResponseBytes) {
            response.destroy();
            finish();
          }
        });
        response.on('end', finish);
        response.on('error', finish);
      },
    );
    timer = setTimeout(
      () => request.destroy(new FetchError(`No answer within ${options.timeoutMs} ms.`, 'fetch_timeout', 504)),
      options.timeoutMs,
    );
    request.on('timeout', () =>
      request.destroy(new FetchError(`No answer within ${options.timeoutMs} ms.`, 'fetch_timeout', 504)),
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof FetchError) return reject(error);
      if (error.code === 'EBLOCKED') return reject(new FetchError(error.message, 'url_not_allowed', 400));
      reject(new FetchError(`Could not reach the receiver: ${error.message}`));
    });
    request.end(body);
  });
}
