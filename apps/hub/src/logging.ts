import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { HubConfig } from './config/config.schema';

/**
 * Structured JSON logs. Request logs carry method, path, status and timing only: never bodies (image bytes),
 * and credentials are redacted wherever pino might meet them.
 */
export function loggerOptions(config: HubConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.key', '*.token'],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: IncomingMessage & { id?: unknown }) => ({
          id: request.id,
          method: request.method,
          url: withoutQuery(request.url),
        }),
        // An OAuth redirect's Location carries the signed `state` (and a callback's the `code`): log only where it points.
        res: (response: { statusCode: number; headers?: Record<string, unknown> }) => ({
          statusCode: response.statusCode,
          headers: response.headers && {
            ...response.headers,
            ...(typeof response.headers.location === 'string' && { location: withoutQuery(response.headers.location) }),
          },
        }),
      },
      autoLogging: { ignore: (request) => request.url === '/health' },
    },
  };
}

function withoutQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
