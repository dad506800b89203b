import type { ErrorBody, ErrorCode } from '@tagphoto/contracts';

/** An answer from the hub that was not 2xx, with the hub's own code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** One of the API's error codes; the dashboard's own when no API error body arrived (network, aborted, http_<status>). */
    readonly code: ErrorCode | 'error' | 'network' | 'aborted' | `http_${number}`,
    message: string,
  ) {
    super(message);
  }
}

function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body.error?.message) return new ApiError(status, body.error.code ?? 'error', body.error.message);
  } catch {
    // Not JSON (a proxy's page, an empty body): fall through to the status line.
  }
  return new ApiError(status, `http_${status}`, `The hub answered ${status}.`);
}

/** Calls the hub's JSON API with the session cookie; resolves undefined for 204. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw errorFrom(response.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Uploads one file as multipart `file`, reporting upload progress (0–1); resolves with the hub's JSON answer. */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void): { done: Promise<T>; abort: () => void } {
  const request = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    request.open('POST', path);
    request.responseType = 'text';
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(JSON.parse(request.responseText) as T);
      } else {
        reject(errorFrom(request.status, request.responseText));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'network', 'The upload could not reach the hub.')));
    request.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.')));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
  return { done, abort: () => request.abort() };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
