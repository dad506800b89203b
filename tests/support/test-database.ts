import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The local PostgreSQL every session and CI run starts (trust auth); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';

export class TestPostgresUnavailableError extends Error {
  override readonly name = 'TestPostgresUnavailableError';
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function connectAdmin(baseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(baseUrl);
    const reason = error instanceof Error ? error.message : String(error);
    throw new TestPostgresUnavailableError(
      `These tests need PostgreSQL at ${where.hostname}:${where.port || '5432'} (set TEST_DATABASE_URL to another server): ${reason}`,
    );
  }
  return client;
}

/** Fails at once, with a message naming PostgreSQL, when the test server is not running. */
export async function assertTestPostgresReachable(baseUrl = TEST_DATABASE_BASE_URL): Promise<void> {
  const client = await connectAdmin(baseUrl);
  await client.end();
}

/** A fresh, uniquely named database, so test files running in parallel never share state. */
export async function createTestDatabase(baseUrl = TEST_DATABASE_BASE_URL): Promise<TestDatabase> {
  const name = `tagphoto_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = await connectAdmin(baseUrl);
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(baseUrl, name),
    drop: async () => {
      const client = await connectAdmin(baseUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
