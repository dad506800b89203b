// Shared plumbing for the offline Prisma tools: the Wasm schema engine driven through @prisma/adapter-pg.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');
const LOCKFILE_NAME = 'migration_lock.toml';
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const NO_FILTERS = Object.freeze({ externalTables: [], externalEnums: [] });

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The engine's glue is an ES module that imports the .wasm directly, which Node cannot; instantiate it by hand. */
async function loadSchemaEngine() {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

/** adapter-pg cannot map the catalog type "char" (oid 18) the engine reads while introspecting: read it as text. */
function relabelCharColumns(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return queryable;
}

/** adapter-pg splits scripts on ";" (breaking string literals and function bodies): send each script as one query. */
function patchAdapter(adapter) {
  relabelCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => relabelCharColumns(await startTransaction(...args));
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

/**
 * mainPool serves the engine's database. Shadow databases are created and dropped through adminPool by us, in order:
 * adapter-pg's own helper drops the database while its pool is still connected.
 */
function createAdapterFactory({ mainPool, adminPool, adminUrl }) {
  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      return patchAdapter(await new PrismaPg(mainPool).connect());
    },
    async connectToShadowDb() {
      if (!adminPool) throw new Error('This command was started without an admin connection for a shadow database');
      const name = `tagphoto_shadow_${crypto.randomBytes(6).toString('hex')}`;
      await adminPool.query(`CREATE DATABASE "${name}"`);
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, name) });
      const adapter = await new PrismaPg(pool).connect();
      adapter.dispose = async () => {
        await pool.end();
        await adminPool.query(`DROP DATABASE IF EXISTS "${name}"`);
      };
      return patchAdapter(adapter);
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function startEngine(adapterFactory) {
  const SchemaEngine = await loadSchemaEngine();
  const datamodel = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const log = (line) => {
    if (process.env.PRISMA_TOOLS_DEBUG) process.stderr.write(`${line}\n`);
  };
  return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, datamodel]] }, log, adapterFactory);
}

function readMigrationsList(migrationsDir = MIGRATIONS_DIR) {
  const lockfilePath = path.join(migrationsDir, LOCKFILE_NAME);
  const directories = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: LOCKFILE_NAME,
      content: fs.existsSync(lockfilePath) ? fs.readFileSync(lockfilePath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((dir) => {
      const file = path.join(migrationsDir, dir, 'migration.sql');
      return {
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file)
            ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error', value: `${file} is missing` },
        },
      };
    }),
  };
}

/** The engine leaves a timer running, so a tool's process would not end by itself. */
function runTool(main) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error) => {
      process.stderr.write(
        `${path.basename(process.argv[1])} failed: ${error && error.stack ? error.stack : JSON.stringify(error)}\n`,
      );
      process.exit(1);
    },
  );
}

module.exports = {
  REPO_ROOT,
  SCHEMA_PATH,
  MIGRATIONS_DIR,
  LOCKFILE_NAME,
  NO_FILTERS,
  withDatabase,
  createAdapterFactory,
  startEngine,
  readMigrationsList,
  runTool,
};
