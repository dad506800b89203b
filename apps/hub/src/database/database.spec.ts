import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertTestPostgresReachable,
  createTestDatabase,
  type TestDatabase,
} from '../../../../tests/support/test-database';
import { DatabaseUnreachableError, describePostgresUrl, openDatabase, type Database } from './database';

/** Writes an owner with one tagged image, touching every model the hub keeps. */
async function writeTaggedImage(database: Database, email: string): Promise<string> {
  const owner = await database.prisma.account.create({ data: { email, passwordHash: 'scrypt$placeholder' } });
  const image = await database.prisma.image.create({
    data: {
      ownerId: owner.id,
      source: 'upload',
      fileName: 'chelsea.jpg',
      mimeType: 'image/jpeg',
      byteSize: 48213,
      sha256: 'a'.repeat(64),
      stored: false,
      status: 'done',
      result: {
        create: {
          ownerId: owner.id,
          payload: Buffer.from('sealed result bytes'),
          keyId: 'k1',
          engineVersion: '1',
          language: 'en',
        },
      },
    },
  });
  return image.id;
}

async function readTaggedImage(database: Database, imageId: string) {
  return database.prisma.image.findUniqueOrThrow({ where: { id: imageId }, include: { owner: true, result: true } });
}

async function countRecordedMigrations(database: Database): Promise<number> {
  const [row] = await database.prisma.$queryRaw<
    { count: bigint }[]
  >`SELECT count(*) AS count FROM "_prisma_migrations"`;
  return Number(row.count);
}

describe('openDatabase with a PostgreSQL URL', () => {
  let testDatabase: TestDatabase;
  let dataDir: string;

  beforeAll(() => assertTestPostgresReachable());

  beforeEach(async () => {
    testDatabase = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'tagphoto-data-'));
  });

  afterEach(async () => {
    await testDatabase.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates a fresh database and keeps what was written across a restart', async () => {
    const first = await openDatabase({ url: testDatabase.url, dataDir });
    expect(first.kind).toBe('postgres');
    await expect(first.ping()).resolves.toBeUndefined();
    const imageId = await writeTaggedImage(first, 'ada@example.org');
    const migrationsAfterFirstStart = await countRecordedMigrations(first);
    await first.close();

    const second = await openDatabase({ url: testDatabase.url, dataDir });
    try {
      const image = await readTaggedImage(second, imageId);
      expect(image.owner.email).toBe('ada@example.org');
      expect(Buffer.from(image.result!.payload).toString()).toBe('sealed result bytes');
      expect(image.status).toBe('done');
      expect(await countRecordedMigrations(second)).toBe(migrationsAfterFirstStart);
    } finally {
      await second.close();
    }
  });

  it('fails fast naming the host, never the password, when PostgreSQL cannot be reached', async () => {
    const url = 'postgresql://tagphoto:s3cret-pass@127.0.0.1:1/tagphoto';

    const opening = openDatabase({ url, dataDir });

    await expect(opening).rejects.toBeInstanceOf(DatabaseUnreachableError);
    const error = (await opening.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('127.0.0.1:1/tagphoto');
    expect(error.message).not.toContain('s3cret-pass');
  });
});

describe('describePostgresUrl', () => {
  it('keeps host, port and database and drops the credentials', () => {
    expect(describePostgresUrl('postgresql://app:hunter2@db.internal:6432/tagphoto?sslmode=require')).toBe(
      'db.internal:6432/tagphoto',
    );
  });

  it('says the URL is unparseable instead of echoing it', () => {
    expect(describePostgresUrl('not a url with hunter2')).toBe('an unparseable PostgreSQL URL');
  });
});

describe('openDatabase without a URL (embedded PGlite)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagphoto-data-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores data under <dataDir>/pglite that survives closing and reopening', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    await expect(first.ping()).resolves.toBeUndefined();
    const imageId = await writeTaggedImage(first, 'grace@example.org');
    const migrationsAfterFirstStart = await countRecordedMigrations(first);
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      const image = await readTaggedImage(second, imageId);
      expect(image.owner.email).toBe('grace@example.org');
      expect(Buffer.from(image.result!.payload).toString()).toBe('sealed result bytes');
      expect(migrationsAfterFirstStart).toBeGreaterThan(0);
      expect(await countRecordedMigrations(second)).toBe(migrationsAfterFirstStart);
    } finally {
      await second.close();
    }
  });

  it('enforces the schema’s constraints like PostgreSQL does', async () => {
    const database = await openDatabase({ dataDir });
    try {
      await database.prisma.account.create({ data: { email: 'dup@example.org', passwordHash: 'x' } });
      await expect(
        database.prisma.account.create({ data: { email: 'dup@example.org', passwordHash: 'y' } }),
      ).rejects.toMatchObject({
        code: 'P2002',
      });
    } finally {
      await database.close();
    }
  });
});
