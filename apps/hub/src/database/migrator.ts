import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One committed migration: `prisma/migrations/<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** A single database session (one connection): advisory locks and transactions must stay on it. */
export interface SqlSession {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script as one round trip, so literals and bodies containing `;` stay intact. */
  execScript(sql: string): Promise<void>;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationHistoryError extends Error {
  override readonly name = 'MigrationHistoryError';
}

export class EditedMigrationError extends MigrationHistoryError {
  constructor(readonly migrationName: string) {
    super(
      `Migration ${migrationName} was changed after it was applied to this database (checksum differs). ` +
        'Restore the committed migration.sql and put the change in a new migration instead.',
    );
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Migration ${migrationName} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** The key `prisma migrate deploy` locks with, so the hub and the Prisma CLI also exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own DDL for its history table, so either tool can continue the other's history. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface RecordedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir))
    throw new MigrationHistoryError(`Migrations directory ${migrationsDir} does not exist`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationHistoryError(`Migration directory ${name} has no migration.sql`);
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

/** Prisma also accepts a file whose only change is CRLF line endings (a Windows checkout). */
function matchesChecksum(file: MigrationFile, recorded: string): boolean {
  return file.checksum === recorded || sha256Hex(file.sql.replace(/\r\n/g, '\n')) === recorded;
}

/** Decides what to run from the recorded history; refuses histories Prisma itself would refuse. */
function planMigrations(files: readonly MigrationFile[], recorded: readonly RecordedMigration[]): MigrationFile[] {
  const live = recorded.filter((row) => row.rolled_back_at === null);
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  if (failed.length > 0) {
    throw new MigrationHistoryError(
      `Migration ${failed.join(', ')} failed earlier and is recorded as unfinished. Repair the database, then mark it ` +
        'with `prisma migrate resolve --rolled-back <name>` or `--applied <name>`.',
    );
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  const unknown = live.map((row) => row.migration_name).filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new MigrationHistoryError(
      `The database has migrations this hub does not know: ${unknown.join(', ')}. Is an older hub running against a newer database?`,
    );
  }
  for (const row of live) {
    const file = byName.get(row.migration_name);
    if (file && !matchesChecksum(file, row.checksum)) throw new EditedMigrationError(row.migration_name);
  }
  const done = new Set(live.map((row) => row.migration_name));
  return files.filter((file) => !done.has(file.name));
}

async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  await session.execScript('BEGIN');
  try {
    const id = randomUUID();
    await session.query(
      'INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ($1, $2, $3, now(), 0)',
      [id, file.checksum, file.name],
    );
    await session.execScript(file.sql);
    // clock_timestamp: now() is frozen at BEGIN, and Prisma's finished_at marks the end of the script.
    await session.query(
      'UPDATE "_prisma_migrations" SET "finished_at" = clock_timestamp(), "applied_steps_count" = 1 WHERE "id" = $1',
      [id],
    );
    await session.execScript('COMMIT');
  } catch (error) {
    await session.execScript('ROLLBACK');
    throw new MigrationFailedError(file.name, error);
  }
}

/**
 * Applies every committed migration not yet recorded, each in its own transaction, under Prisma's advisory lock so
 * that hubs starting together apply each migration once.
 */
export async function migrate(session: SqlSession, migrationsDir: string): Promise<MigrationReport> {
  const files = readMigrations(migrationsDir);
  await session.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  try {
    await session.execScript(CREATE_MIGRATIONS_TABLE);
    const recorded = await session.query<RecordedMigration>(
      'SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"',
    );
    const pending = planMigrations(files, recorded);
    for (const file of pending) await applyOne(session, file);
    const appliedNames = new Set(pending.map((file) => file.name));
    return {
      applied: pending.map((file) => file.name),
      alreadyApplied: files.map((file) => file.name).filter((name) => !appliedNames.has(name)),
    };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  }
}
