import { Injectable } from '@nestjs/common';
import { Logger, type Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pretty from 'pino-pretty';
import type { HubConfig } from './config/config.schema';

/** Pretty logs for a person at a terminal; JSON for log collectors, pipes and LOG_FORMAT=json. */
export function logsForPeople(
  config: Pick<HubConfig, 'LOG_FORMAT'>,
  stdout: { isTTY?: boolean } = process.stdout,
): boolean {
  return config.LOG_FORMAT ? config.LOG_FORMAT === 'pretty' : stdout.isTTY === true;
}

/**
 * Structured logs. Request logs carry method, path, status and timing only: never bodies (image bytes),
 * and credentials are redacted wherever pino might meet them.
 */
export function loggerOptions(config: HubConfig): Params {
  const options = {
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.key',
        '*.token',
      ],
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
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' },
  };
  if (!logsForPeople(config)) return { pinoHttp: options };
  // Synchronous, in this thread: the start summary main.ts prints must come after every log line before it.
  const stream = pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    ignore: 'pid,hostname,context,req,res,responseTime',
    translateTime: 'SYS:HH:MM:ss',
  });
  return { pinoHttp: [options, stream] };
}

/** Nest's own start-up chatter: one line per module and route, useful only when debugging the framework. */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** nestjs-pino's logger, with Nest's start-up chatter at debug instead of info. */
@Injectable()
export class HubLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

function withoutQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
