import { HubError } from './errors';

/**
 * Whether an error means a backing service (PostgreSQL or Redis) cannot be reached right now, as opposed to
 * a bug: such requests are answered 503 with Retry-After so clients come back instead of giving up.
 */
const PRISMA_UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNREACHABLE_MESSAGE =
  /Can't reach database server|Connection terminated|ECONNREFUSED|ECONNRESET|Connection is closed|max retries per request|timeout exceeded when trying to connect/i;

export type UnavailableService = 'database' | 'queue';

export function unavailableService(error: unknown): UnavailableService | undefined {
  // A HubError already names its cause (e.g. an image server that refused the connection): never the hub's own.
  if (!(error instanceof Error) || error instanceof HubError) return undefined;
  const code = (error as { code?: unknown }).code;
  if (
    error.name === 'PrismaClientInitializationError' ||
    (typeof code === 'string' && PRISMA_UNREACHABLE_CODES.has(code))
  ) {
    return 'database';
  }
  if (error.name === 'MaxRetriesPerRequestError') return 'queue';
  if (!UNREACHABLE_MESSAGE.test(error.message)) return undefined;
  return /redis|Connection is closed|max retries/i.test(`${error.name} ${error.message} ${error.stack ?? ''}`)
    ? 'queue'
    : 'database';
}
