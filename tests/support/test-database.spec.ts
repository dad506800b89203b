import { Client } from 'pg';
import { assertTestPostgresReachable, createTestDatabase, TestPostgresUnavailableError } from './test-database';

async function databaseExists(url: string): Promise<boolean> {
  const maintenance = new URL(url);
  const name = maintenance.pathname.slice(1);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  beforeAll(() => assertTestPostgresReachable());

  it('gives each caller its own empty database and drops it afterwards', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(first.url).not.toBe(second.url);
    expect(await databaseExists(first.url)).toBe(true);

    const client = new Client({ connectionString: first.url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    expect(rows).toEqual([{ tables: 0 }]);

    await Promise.all([first.drop(), second.drop()]);
    expect(await databaseExists(first.url)).toBe(false);
    expect(await databaseExists(second.url)).toBe(false);
  });
});

describe('assertTestPostgresReachable', () => {
  it('fails at once with a message naming PostgreSQL and where it was looked for', async () => {
    const check = assertTestPostgresReachable('postgresql://root@127.0.0.1:1/postgres');

    await expect(check).rejects.toBeInstanceOf(TestPostgresUnavailableError);
    await expect(check).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1 .*TEST_DATABASE_URL/);
  });
});
