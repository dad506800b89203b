import { mimeTypeOf } from './image-format';
import type { HubRequestMessage, HubResponseMessage, HubResult } from './messages';

/** The subset of the WhatWG fetch the client needs: the UI iframe's fetch and Node's both fit. */
export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: Uint8Array },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface HubRequest {
  hubUrl: string;
  apiKey: string;
  language: string;
  bytes: Uint8Array;
  fileName: string;
}

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();

/** multipart/form-data with one `file` part, built by hand so the same bytes go out from the iframe and from Node. */
export function encodeMultipart(bytes: Uint8Array, fileName: string, boundary: string): Uint8Array {
  const safeName = fileName.replace(/[^\w.\- ]/g, '_');
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
      `Content-Type: ${mimeTypeOf(bytes)}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(head.length + bytes.length + tail.length);
  body.set(head, 0);
  body.set(bytes, head.length);
  body.set(tail, head.length + bytes.length);
  return body;
}

function randomBoundary(): string {
  let token = '';
  for (let index = 0; index < 24; index++) token += Math.floor(Math.random() * 36).toString(36);
  return `tagphoto-${token}`;
}

function errorFromBody(status: number, text: string): HubError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new HubError(body.error.message, status, body.error.code ?? 'hub_error');
  } catch {
    // Not the hub's JSON error shape (a proxy's HTML page, say): fall through to the status line.
  }
  if (status === 401)
    return new HubError('The hub refused the API key: paste a current key in Settings.', status, 'unauthorized');
  return new HubError(`The hub answered HTTP ${status}.`, status, 'hub_error');
}

/** POST /v1/images?wait=true with the API key: API uploads are tagged and not stored. */
export async function tagAtHub(fetchImpl: HttpFetch, request: HubRequest): Promise<HubResult> {
  const boundary = randomBoundary();
  const url = `${request.hubUrl}/v1/images?wait=true&language=${encodeURIComponent(request.language)}`;
  let response: Awaited<ReturnType<HttpFetch>>;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${request.apiKey}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      },
      body: encodeMultipart(request.bytes, request.fileName, boundary),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HubError(
      `Could not reach the hub at ${request.hubUrl} (${reason}). Check the URL and that the plugin's manifest allows it.`,
      null,
      'unreachable',
    );
  }
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, text);
  const image = JSON.parse(text) as { id?: string; status?: string; result?: HubResult | null; error?: string | null };
  if (image.status === 'failed')
    throw new HubError(image.error ?? 'The hub could not tag this image.', response.status, 'tagging_failed');
  if (image.status !== 'done' || !image.result) {
    throw new HubError(
      `The hub is still tagging this image (id ${image.id ?? '?'}); press Tag again in a minute.`,
      response.status,
      'still_processing',
    );
  }
  const { title, altText, description, tags, language } = image.result;
  return { title, altText, description, tags, language };
}

/** The UI iframe's answer to one hub request: never throws, so the plugin code always hears back. */
export async function answerHubRequest(fetchImpl: HttpFetch, request: HubRequestMessage): Promise<HubResponseMessage> {
  try {
    const result = await tagAtHub(fetchImpl, request);
    return { type: 'hub-response', requestId: request.requestId, ok: true, result };
  } catch (error) {
    return {
      type: 'hub-response',
      requestId: request.requestId,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
