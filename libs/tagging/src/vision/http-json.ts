import type { LookupFunction } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { VisionBackendError } from './vision-provider';

export interface HttpJsonOptions {
  headers?: Record<string, string>;
  /** Resolves the host for the socket; the hub passes one that re-checks the privacy gate on every connection. */
  lookup?: LookupFunction;
  signal: AbortSignal;
}

/** Largest answer body read from a vision server: a caption is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * POSTs JSON and returns the parsed JSON answer. Status and transport errors become VisionBackendError, transient
 * for 5xx, 429 and dropped connections; the message names the status, never the request headers (API key).
 */
export function postJson(url: URL, body: unknown, options: HttpJsonOptions): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(payload.length),
          accept: 'application/json',
          ...options.headers,
        },
        lookup: options.lookup,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES)
            req.destroy(
              new VisionBackendError(`the vision server's answer exceeds ${MAX_RESPONSE_BYTES} bytes`, false),
            );
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status >= 500 || status === 429)
            return reject(new VisionBackendError(`the vision server answered ${status}`, true));
          if (status >= 400)
            return reject(new VisionBackendError(`the vision server answered ${status}: ${text.slice(0, 200)}`, false));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new VisionBackendError(`the vision server answered ${status} with a body that is not JSON`, false));
          }
        });
      },
    );
    req.on('error', (error: Error) => {
      if (error instanceof VisionBackendError) return reject(error);
      if (options.signal.aborted)
        return reject(new VisionBackendError('the vision server did not answer in time', true));
      reject(new VisionBackendError(`the vision server cannot be reached: ${error.message}`, true));
    });
    req.end(payload);
  });
}
