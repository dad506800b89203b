import type { RawBodyRequest } from '@nestjs/common';
import { json, urlencoded, type Request, type RequestHandler } from 'express';

/** Parses JSON bodies and keeps their exact bytes as `rawBody`: provider webhooks are signed over those bytes. */
export function jsonKeepingRawBody(limit: string): RequestHandler {
  return json({
    limit,
    verify: (request, _response, bytes) => {
      (request as RawBodyRequest<Request>).rawBody = bytes;
    },
  });
}

/** The same for form bodies: Slack's slash commands and interactivity payloads are signed form posts, its only ones. */
export function urlencodedKeepingRawBody(limit: string): RequestHandler {
  return urlencoded({
    limit,
    extended: true,
    verify: (request, _response, bytes) => {
      (request as RawBodyRequest<Request>).rawBody = bytes;
    },
  });
}
