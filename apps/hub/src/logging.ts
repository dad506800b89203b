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
          url: request.url?.split('?')[0],
        }),
      },
      autoLogging: { ignore: (request) => request.url === '/health' },
    },
  };
}
