#!/usr/bin/env node
'use strict';
/**
 * The whole test suite: checks that PostgreSQL and Redis answer (and says which one is missing if not),
 * runs jest, and ends with one plain line `N passed, N failed` that CI reads. Extra arguments go to jest.
 */
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const net = require('node:net');

const postgresUrl = new URL(process.env.TEST_DATABASE_URL || 'postgresql://root@127.0.0.1:5432/postgres');
const redisUrl = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function main() {
  const missing = [];
  if (!(await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432)))) {
    missing.push(`PostgreSQL at ${postgresUrl.hostname}:${postgresUrl.port || 5432} (set TEST_DATABASE_URL)`);
  }
  if (!(await reachable(redisUrl.hostname, Number(redisUrl.port || 6379)))) {
    missing.push(`Redis at ${redisUrl.hostname}:${redisUrl.port || 6379} (set TEST_REDIS_URL)`);
  }
  if (!(await reachable('127.0.0.1', 3306)))
    missing.push('MariaDB at 127.0.0.1:3306 (root, no password), for the real WordPress');
  if (missing.length > 0) {
    console.error(`The tests need services that are not running:\n  - ${missing.join('\n  - ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const report = join(mkdtempSync(join(tmpdir(), 'tagphoto-jest-')), 'report.json');
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
    { stdio: 'inherit', env: process.env },
  );
  let passed;
  let failed;
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed = results.numPassedTests;
    // A suite that fails to load counts as a failure even though it ran no test.
    failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  } catch {
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(jest.status === 0 && failed === 0 ? 0 : 1);
}

main();
