#!/usr/bin/env node
// Backfill throughput of the WordPress path: a real WordPress (Debian package) with the TagPhoto plugin, the built hub
// on PostgreSQL + Redis, N images already in the media library, backfill driven by WP-Cron as a system cron would.
// Usage: npx tsc -b apps/hub && node tools/bench/wordpress-backfill.js [--images 60] [--per-minute 600] [--batch 10]
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtemp, readdir, rm, copyFile } = require('node:fs/promises');
const { freePort } = require('../support/free-port');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { buildSync } = require('esbuild');
const { Client } = require('pg');
// Benchmarks reach loopback only, like the tests: the guard runs here and in the hub started below.
const { childNodeOptions } = require('../../tests/support/loopback-only');

const ROOT = resolve(__dirname, '..', '..');
const SUPPORT = join(ROOT, 'tests', 'wordpress', 'support');
const EVAL = join(ROOT, 'libs', 'tagging', 'fixtures', 'eval');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The TypeScript test harness, bundled on the fly so this script needs no TypeScript runtime. */
function loadWordPressHarness() {
  const outfile = join(tmpdir(), `tagphoto-wp-harness-${process.pid}.js`);
  buildSync({
    entryPoints: [join(SUPPORT, 'wordpress-site.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    define: { __dirname: JSON.stringify(SUPPORT) },
    logLevel: 'warning',
  });
  return require(outfile);
}

async function startHub(env) {
  const port = await freePort();
  // Through the launcher npm start uses, so the hub runs with the allocator settings the product ships.
  const child = spawn(join(ROOT, 'tools', 'runtime', 'node.sh'), [join(ROOT, 'apps', 'hub', 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: childNodeOptions(),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('hub did not become healthy');
}

async function main() {
  const images = option('images', 60);
  const perMinute = option('per-minute', 600);
  const batch = option('batch', 10);
  const pgBase = process.env.TEST_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
  const database = `tagphoto_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = new URL(pgBase);
  databaseUrl.pathname = `/${database}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-bench-hub-'));
  const filesDir = await mkdtemp(join(tmpdir(), 'tagphoto-bench-files-'));
  let hub;
  let site;
  try {
    hub = await startHub({
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      TAGPHOTO_QUEUE_PREFIX: `bench-${randomBytes(6).toString('hex')}`,
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: process.env.TAGPHOTO_MODEL_DIR ?? resolve(ROOT, '..', 'shared', 'models'),
      TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1',
      TAGPHOTO_RATE_LIMIT_API: '100000',
      LOG_LEVEL: 'warn',
    });
    const credentials = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `bench-${randomBytes(4).toString('hex')}@example.com`,
        password: 'a long enough password',
      }),
    };
    await fetch(`${hub.url}/v1/auth/signup`, credentials);
    // Sign-up starts no session (it answers alike for new and taken emails): sign in for the cookie.
    const cookie = (await fetch(`${hub.url}/v1/auth/login`, credentials)).headers.getSetCookie()[0].split(';')[0];
    const key = await (
      await fetch(`${hub.url}/v1/api-keys`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{"name":"bench"}',
      })
    ).json();
    const { secret } = await (await fetch(`${hub.url}/v1/webhooks/callback-secret`, { headers: { cookie } })).json();

    const { startWordPress } = loadWordPressHarness();
    site = await startWordPress();
    const photos = (await readdir(EVAL)).filter((name) => name.endsWith('.jpg')).sort();
    const files = [];
    for (let i = 0; i < images; i += 1) {
      const file = join(filesDir, `library-${i}-${photos[i % photos.length]}`);
      await copyFile(join(EVAL, photos[i % photos.length]), file);
      files.push(file);
    }
    await site.importImages(files);
    await site.configure({
      apiKey: key.key,
      callbackSecret: secret,
      settings: { hub_url: hub.url, per_minute: perMinute, batch_size: batch },
    });

    const started = Date.now();
    await site.rest('/wp-json/tagphoto/v1/backfill', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":"start"}',
    });
    let progress;
    for (;;) {
      await site.runCron();
      progress = await (await site.rest('/wp-json/tagphoto/v1/backfill')).json();
      if (progress.complete) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      JSON.stringify({
        images: progress.total,
        done: progress.done,
        failed: progress.failed,
        seconds: Number(seconds.toFixed(1)),
        imagesPerHour: Math.round((progress.done / seconds) * 3600),
        perMinuteLimit: perMinute,
        batchSize: batch,
      }),
    );
  } finally {
    await site?.stop();
    if (hub) {
      hub.child.kill('SIGTERM');
      await new Promise((r) => (hub.child.exitCode === null ? hub.child.once('exit', r) : r()));
    }
    const cleanup = new Client({ connectionString: pgBase });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await cleanup.end();
    await rm(dataDir, { recursive: true, force: true });
    await rm(filesDir, { recursive: true, force: true });
    await rm(join(tmpdir(), `tagphoto-wp-harness-${process.pid}.js`), { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
