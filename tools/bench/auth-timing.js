#!/usr/bin/env node
'use strict';
/**
 * Whether sign-up and login take the same time for emails that have accounts and emails that do not (issue 15,
 * finding 4): alternating requests against one hub process on real PostgreSQL and Redis, loopback only, median and
 * p90 of each kind side by side. The per-IP and per-account guessing limits are raised so that every request is
 * checked in full; nothing else differs from the shipped settings.
 * Needs the built hub (`npm run build`). Usage: node tools/bench/auth-timing.js [--rounds 40]
 */
const { randomBytes } = require('node:crypto');
const { createDatabase, startHub, machine } = require('./support/hub-processes');

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

async function timed(url, path, body, expected) {
  const start = performance.now();
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`${path} answered ${response.status}, expected ${expected}`);
  return performance.now() - start;
}

const row = (label, times) =>
  `${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p90 ${percentile(times, 90).toFixed(1).padStart(6)} ms   (${times.length})`;

async function main() {
  const rounds = option('rounds', 40);
  const database = await createDatabase();
  const hub = await startHub({
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    TAGPHOTO_QUEUE_PREFIX: `bench-auth-${randomBytes(4).toString('hex')}`,
    TAGPHOTO_RATE_LIMIT_AUTH: '100000',
    TAGPHOTO_GUESS_FREE_ATTEMPTS: '100000',
  });
  try {
    console.log(`machine: ${machine()}`);
    const existing = `bench-${randomBytes(4).toString('hex')}@example.com`;
    await timed(hub.url, '/v1/auth/signup', { email: existing, password: 'a long enough password' }, 202);
    const times = { loginKnown: [], loginUnknown: [], signupNew: [], signupTaken: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternating, so drift in the machine's load touches both kinds alike.
      times.loginKnown.push(
        await timed(hub.url, '/v1/auth/login', { email: existing, password: 'a wrong password!' }, 401),
      );
      times.loginUnknown.push(
        await timed(
          hub.url,
          '/v1/auth/login',
          { email: `nobody-${round}-${randomBytes(3).toString('hex')}@example.com`, password: 'a wrong password!' },
          401,
        ),
      );
      times.signupNew.push(
        await timed(
          hub.url,
          '/v1/auth/signup',
          { email: `new-${round}-${randomBytes(3).toString('hex')}@example.com`, password: 'a long enough password' },
          202,
        ),
      );
      times.signupTaken.push(
        await timed(hub.url, '/v1/auth/signup', { email: existing, password: 'another long password' }, 202),
      );
    }
    console.log(row('login, wrong password, email has an account', times.loginKnown));
    console.log(row('login, email has no account', times.loginUnknown));
    console.log(row('sign-up, new email', times.signupNew));
    console.log(row('sign-up, email already has an account', times.signupTaken));
  } finally {
    await hub.stop('SIGTERM');
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
