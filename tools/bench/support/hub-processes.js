'use strict';
/**
 * Starts and stops built hub processes (apps/hub/dist/main.js) and throwaway PostgreSQL databases for the
 * benchmarks. Loopback only; every process is stopped at the end.
 */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { freePort } = require('../../support/free-port');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const { Client } = require('pg');
// Benchmarks reach loopback only, like the tests: the guard runs here and in every hub started below.
const { childNodeOptions } = require('../../../tests/support/loopback-only');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgresql://root@127.0.0.1:5432/postgres';
const MODEL_DIR = process.env.TAGPHOTO_MODEL_DIR || path.resolve(REPO_ROOT, '..', 'shared', 'models');

async function createDatabase() {
  const name = `tagphoto_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Starts one hub process; resolves once /health answers (workers have no HTTP: resolves once it logs its start). */
async function startHub(env) {
  const port = await freePort();
  // Through the launcher npm start uses, so the hubs run with the allocator settings the product ships.
  const child = spawn(
    path.join(REPO_ROOT, 'tools', 'runtime', 'node.sh'),
    [path.join(REPO_ROOT, 'apps', 'hub', 'dist', 'main.js')],
    {
      cwd: REPO_ROOT,
      // Workers have no HTTP: their start is read from the log, so they log at info.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_OPTIONS: childNodeOptions(),
        TAGPHOTO_MODEL_DIR: MODEL_DIR,
        LOG_LEVEL: env.HUB_ROLE === 'worker' ? 'info' : 'warn',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited during start:\n${output}`);
    if (
      env.HUB_ROLE === 'worker'
        ? /worker started/.test(output)
        : await fetch(`${url}/health`).then(
            (r) => r.ok,
            () => false,
          )
    )
      break;
    if (Date.now() > deadline) throw new Error(`hub did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    rssMb() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
    },
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** Signs up a new account and signs in (sign-up itself starts no session); resolves to the session cookie. */
async function sessionFor(hub) {
  const request = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: 'a long enough password',
    }),
  };
  const signup = await fetch(`${hub.url}/v1/auth/signup`, request);
  if (!signup.ok) throw new Error(`sign-up answered ${signup.status}`);
  const login = await fetch(`${hub.url}/v1/auth/login`, request);
  if (!login.ok) throw new Error(`sign-in answered ${login.status}`);
  return login.headers.getSetCookie()[0].split(';')[0];
}

/** Signs up and returns an API key. */
async function apiKeyFor(hub) {
  const cookie = await sessionFor(hub);
  const key = await fetch(`${hub.url}/v1/api-keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  return (await key.json()).key;
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

module.exports = { REPO_ROOT, MODEL_DIR, createDatabase, startHub, sessionFor, apiKeyFor, machine };
