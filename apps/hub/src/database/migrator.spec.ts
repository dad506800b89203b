import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import {
  assertTestPostgresReachable,
  createTestDatabase,
  type TestDatabase,
} from '../../../../tests/support/test-database';
import { DEFAULT_MIGRATIONS_DIR } from './database';
import {
  EditedMigrationError,
  MigrationFailedError,
  MigrationHistoryError,
  migrate,
  readMigrations,
  type MigrationReport,
  type SqlSession,
} from './migrator';

const MIGRATE_STATUS_TOOL = resolve(__dirname, '../../../../tools/prisma/migrate-status.js');
const MODEL_TABLES = ['Account', 'ApiKey', 'Image', 'Session', 'TaggingResult'];
const committedNames = readMigrations(DEFAULT_MIGRATIONS_DIR).map((migration) => migration.name);

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

function sessionOn(client: Client): SqlSession {
  return {
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await client.query(sql, params ? [...params] : [])).rows as Row[],
    execScript: async (sql: string) => {
      await client.query(sql);
    },
  };
}

function sessionOnPglite(db: PGlite): SqlSession {
  return {
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await db.query<Row>(sql, params ? [...params] : [])).rows,
    execScript: async (sql: string) => {
      await db.exec(sql);
    },
  };
}

async function publicTables(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

async function recordedMigrations(session: SqlSession): Promise<MigrationRow[]> {
  return session.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"');
}

const scratchDirs: string[] = [];

function copyOfCommittedMigrations(): string {
  const parent = mkdtempSync(join(tmpdir(), 'tagphoto-migrations-'));
  scratchDirs.push(parent);
  const dir = join(parent, 'migrations');
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function fileChecksum(dir: string, name: string): string {
  return createHash('sha256')
    .update(readFileSync(join(dir, name, 'migration.sql')))
    .digest('hex');
}

/** Prisma's own schema engine (Wasm) judging the history, exactly as `prisma migrate status` would. */
async function prismaDiagnosis(
  url: string,
  migrationsDir: string,
): Promise<{ exitCode: number; diagnosis: Record<string, unknown> }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      MIGRATE_STATUS_TOOL,
      '--url',
      url,
      '--migrations',
      migrationsDir,
    ]);
    return { exitCode: 0, diagnosis: JSON.parse(stdout) };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    if (!failure.stdout) throw new Error(`migrate-status crashed: ${failure.stderr}`, { cause: error });
    return { exitCode: failure.code, diagnosis: JSON.parse(failure.stdout) };
  }
}

describe('migrate on PostgreSQL', () => {
  let database: TestDatabase;
  let client: Client;
  let session: SqlSession;

  beforeAll(() => assertTestPostgresReachable());

  beforeEach(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    session = sessionOn(client);
  });

  afterEach(async () => {
    await client.end();
    await database.drop();
  });

  it('applies every committed migration and records it in Prisma’s history format', async () => {
    const report = await migrate(session, DEFAULT_MIGRATIONS_DIR);

    expect(committedNames.length).toBeGreaterThan(0);
    expect(report).toEqual({ applied: committedNames, alreadyApplied: [] });
    expect(await publicTables(session)).toEqual(expect.arrayContaining([...MODEL_TABLES, '_prisma_migrations']));
    const rows = await recordedMigrations(session);
    expect(rows.map((row) => row.migration_name)).toEqual(committedNames);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(fileChecksum(DEFAULT_MIGRATIONS_DIR, row.migration_name));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it('leaves a database that Prisma’s own engine finds in sync with prisma/migrations', async () => {
    const before = await prismaDiagnosis(database.url, DEFAULT_MIGRATIONS_DIR);
    expect(before.exitCode).toBe(1);
    expect(before.diagnosis).toMatchObject({
      history: { diagnostic: 'databaseIsBehind', unappliedMigrationNames: committedNames },
    });

    await migrate(session, DEFAULT_MIGRATIONS_DIR);

    const after = await prismaDiagnosis(database.url, DEFAULT_MIGRATIONS_DIR);
    expect(after).toEqual({
      exitCode: 0,
      diagnosis: { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null },
    });
  });

  it('does nothing when started again on an up-to-date database', async () => {
    await migrate(session, DEFAULT_MIGRATIONS_DIR);
    const rowsBefore = await recordedMigrations(session);

    const report = await migrate(session, DEFAULT_MIGRATIONS_DIR);

    expect(report).toEqual({ applied: [], alreadyApplied: committedNames });
    expect(await recordedMigrations(session)).toEqual(rowsBefore);
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const dir = copyOfCommittedMigrations();
    await migrate(session, dir);
    const [first] = committedNames;
    appendFileSync(join(dir, first, 'migration.sql'), '\nALTER TABLE "Account" ADD COLUMN "nickname" TEXT;\n');

    const refusal = migrate(session, dir);

    await expect(refusal).rejects.toBeInstanceOf(EditedMigrationError);
    await expect(refusal).rejects.toThrow(first);
    const columns = await session.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'Account' AND column_name = 'nickname'",
    );
    expect(columns).toEqual([]);
    const prisma = await prismaDiagnosis(database.url, dir);
    expect(prisma.diagnosis).toMatchObject({ editedMigrationNames: [first] });
  });

  it('rolls back a migration that fails halfway, records nothing, and applies it once fixed', async () => {
    const dir = copyOfCommittedMigrations();
    const broken = '29991231235959_add_albums';
    mkdirSync(join(dir, broken));
    writeFileSync(
      join(dir, broken, 'migration.sql'),
      'CREATE TABLE "Album" ("id" UUID NOT NULL);\nSELECT * FROM "NoSuchTable";\n',
    );

    await expect(migrate(session, dir)).rejects.toBeInstanceOf(MigrationFailedError);

    expect(await publicTables(session)).not.toContain('Album');
    expect((await recordedMigrations(session)).map((row) => row.migration_name)).toEqual(committedNames);

    writeFileSync(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Album" ("id" UUID NOT NULL);\n');
    expect(await migrate(session, dir)).toEqual({ applied: [broken], alreadyApplied: committedNames });
    expect(await publicTables(session)).toContain('Album');
  });

  it('refuses a database that holds migrations this hub does not know', async () => {
    const dir = copyOfCommittedMigrations();
    const newer = '29991231235959_from_a_newer_hub';
    mkdirSync(join(dir, newer));
    writeFileSync(join(dir, newer, 'migration.sql'), 'CREATE TABLE "Album" ("id" UUID NOT NULL);\n');
    await migrate(session, dir);

    await expect(migrate(session, DEFAULT_MIGRATIONS_DIR)).rejects.toThrow(MigrationHistoryError);
    await expect(migrate(session, DEFAULT_MIGRATIONS_DIR)).rejects.toThrow(newer);
  });

  it('applies each migration exactly once when two hubs start at the same moment', async () => {
    const other = new Client({ connectionString: database.url });
    await other.connect();
    let reports: MigrationReport[];
    try {
      reports = await Promise.all([
        migrate(session, DEFAULT_MIGRATIONS_DIR),
        migrate(sessionOn(other), DEFAULT_MIGRATIONS_DIR),
      ]);
    } finally {
      await other.end();
    }

    expect(reports.flatMap((report) => report.applied).sort()).toEqual(committedNames);
    expect((await recordedMigrations(session)).map((row) => row.migration_name)).toEqual(committedNames);
  });
});

describe('migrate on PGlite', () => {
  let dataDir: string;
  let db: PGlite;
  let session: SqlSession;
  let firstStart: MigrationReport;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagphoto-pglite-'));
    db = await PGlite.create(dataDir);
    session = sessionOnPglite(db);
    firstStart = await migrate(session, DEFAULT_MIGRATIONS_DIR);
  });

  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every committed migration on first start and records it like PostgreSQL does', async () => {
    expect(firstStart).toEqual({ applied: committedNames, alreadyApplied: [] });
    expect(await publicTables(session)).toEqual(expect.arrayContaining([...MODEL_TABLES, '_prisma_migrations']));
    const rows = await recordedMigrations(session);
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      committedNames.map((name) => [name, fileChecksum(DEFAULT_MIGRATIONS_DIR, name), 1]),
    );
  });

  it('does nothing when started again', async () => {
    const rowsBefore = await recordedMigrations(session);
    expect(await migrate(session, DEFAULT_MIGRATIONS_DIR)).toEqual({ applied: [], alreadyApplied: committedNames });
    expect(await recordedMigrations(session)).toEqual(rowsBefore);
  });

  it('refuses an applied migration that was edited afterwards', async () => {
    const dir = copyOfCommittedMigrations();
    const [first] = committedNames;
    appendFileSync(join(dir, first, 'migration.sql'), '\n-- tidied up later\n');

    await expect(migrate(session, dir)).rejects.toThrow(EditedMigrationError);
  });
});
