#!/usr/bin/env node
// Offline `prisma migrate status`: asks Prisma's own schema engine whether a database's `_prisma_migrations` history
// matches prisma/migrations. Prints the engine's diagnosis as JSON; exits 1 unless the history is in sync.
//
// Usage: node tools/prisma/migrate-status.js --url postgresql://root@127.0.0.1:5432/tagphoto [--migrations <dir>]
'use strict';

const pg = require('pg');
const {
  MIGRATIONS_DIR,
  NO_FILTERS,
  createAdapterFactory,
  startEngine,
  readMigrationsList,
  runTool,
} = require('./schema-engine');

function parseArgs(argv) {
  const args = { url: process.env.DATABASE_URL, migrations: MIGRATIONS_DIR };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--url') args.url = argv[++i];
    else if (argv[i] === '--migrations') args.migrations = argv[++i];
    else
      throw new Error(
        `Unknown argument ${argv[i]}. Usage: migrate-status.js --url <database url> [--migrations <dir>]`,
      );
  }
  if (!args.url) throw new Error('Pass --url <database url> or set DATABASE_URL');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mainPool = new pg.Pool({ connectionString: args.url, max: 2 });
  let engine;
  try {
    engine = await startEngine(createAdapterFactory({ mainPool }));
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: readMigrationsList(args.migrations),
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    process.stdout.write(`${JSON.stringify(diagnosis)}\n`);
    const inSync =
      diagnosis.hasMigrationsTable &&
      diagnosis.history === null &&
      diagnosis.editedMigrationNames.length === 0 &&
      diagnosis.failedMigrationNames.length === 0;
    if (!inSync) process.exitCode = 1;
  } finally {
    engine?.free();
    await mainPool.end();
  }
}

runTool(main);
