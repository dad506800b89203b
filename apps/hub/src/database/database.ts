import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { migrate, type SqlSession } from './migrator';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection URL; without it the hub keeps its data in an embedded PGlite under dataDir. */
  url?: string;
  dataDir: string;
  /** Defaults to the repository's prisma/migrations (same depth from src/ and dist/). */
  migrationsDir?: string;
}

export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');
const CONNECT_TIMEOUT_MS = 5000;

/** Names where the database is without ever echoing credentials from the URL. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unparseable PostgreSQL URL';
  }
}

function pgSession(client: Client): SqlSession {
  return {
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await client.query(sql, params ? [...params] : [])).rows as Row[],
    execScript: async (sql: string) => {
      await client.query(sql);
    },
  };
}

/** PGlite's exec, not the Prisma adapter's executeScript, which does not await its statements. */
function pgliteSession(db: PGlite): SqlSession {
  return {
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await db.query<Row>(sql, params ? [...params] : [])).rows,
    execScript: async (sql: string) => {
      await db.exec(sql);
    },
  };
}

/** Migrates over one dedicated connection (the advisory lock is per session), then hands Prisma its own pool. */
async function openPostgres(url: string, migrationsDir: string): Promise<Database> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(`Cannot reach PostgreSQL at ${describePostgresUrl(url)}: ${reason}`);
  }
  try {
    await migrate(pgSession(client), migrationsDir);
  } finally {
    await client.end();
  }
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  });
  return {
    prisma,
    kind: 'postgres',
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
    },
  };
}

async function openPglite(dataDir: string, migrationsDir: string): Promise<Database> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  try {
    await migrate(pgliteSession(db), migrationsDir);
  } catch (error) {
    await db.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    prisma,
    kind: 'pglite',
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** Opens the hub's database and brings its schema up to date before anyone queries it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  return options.url ? openPostgres(options.url, migrationsDir) : openPglite(options.dataDir, migrationsDir);
}
