#!/usr/bin/env node
'use strict';
/**
 * Does an authenticated read cost more than the read? GET /v1/images/:id with an API key against GET /health (no
 * authentication, two pings), in the same run, with autocannon at 16 connections, in server mode (PostgreSQL +
 * Redis) and embedded (PGlite, in-process jobs). The hub runs through the launcher `npm start` uses. Prints req/s,
 * p50 and p97.5 of each and the ratio; the bar is the authenticated read at ≥ 50% of /health's throughput. On a
 * small machine one run swings by ten points, so the two loads alternate for a few rounds and the median ratio counts.
 * Needs the built hub (`npm run build`).
 * Usage: node tools/bench/read-throughput.js [--duration 10] [--rounds 3] [--connections 16]
 */
const autocannon = require('autocannon');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { REPO_ROOT, createDatabase, startHub, apiKeyFor, machine } = require('./support/hub-processes');

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

function load(url, headers, duration, connections) {
  return new Promise((resolve, reject) =>
    autocannon({ url, headers, duration, connections }, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const row = (label, result) =>
  `  ${label.padEnd(30)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p97.5 ${String(result.latency.p97_5).padStart(4)} ms   2xx ${result['2xx']}   non-2xx ${result.non2xx}`;

/** Uploads one small photo with the key and waits until it is tagged: the image every read asks for. */
async function taggedImage(hub, key) {
  const photo = await sharp(path.join(REPO_ROOT, 'libs/tagging/fixtures/eval/dog.jpg')).resize(320).jpeg().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'dog.jpg');
  const response = await fetch(`${hub.url}/v1/images?wait=true&store=false`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  if (response.status !== 200) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return (await response.json()).id;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(mode, duration, rounds, connections) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagphoto-read-bench-'));
  const database = mode === 'server' ? await createDatabase() : undefined;
  // The per-key rate limit (600/min by default) would answer most of the load 429: raised, so reads are measured.
  const env = { TAGPHOTO_DATA_DIR: dataDir, TAGPHOTO_RATE_LIMIT_API: '10000000' };
  if (database)
    Object.assign(env, {
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      TAGPHOTO_QUEUE_PREFIX: `read-bench-${process.pid}`,
    });
  const hub = await startHub(env);
  try {
    const key = await apiKeyFor(hub);
    const id = await taggedImage(hub, key);
    const headers = { authorization: `Bearer ${key}` };
    await load(`${hub.url}/health`, {}, 2, connections); // warm-up
    console.log(`${mode}: ${connections} connections, ${duration} s each, ${rounds} rounds`);
    const ratios = [];
    for (let round = 1; round <= rounds; round++) {
      const health = await load(`${hub.url}/health`, {}, duration, connections);
      const read = await load(`${hub.url}/v1/images/${id}`, headers, duration, connections);
      ratios.push(read.requests.average / health.requests.average);
      console.log(row(`GET /health`, health));
      console.log(row(`GET /v1/images/:id (API key)`, read));
      console.log(`  round ${round}: ${(100 * ratios.at(-1)).toFixed(0)}%`);
    }
    console.log(
      `  authenticated read at ${(100 * median(ratios)).toFixed(0)}% of /health's throughput, median of ${rounds} (bar: ≥ 50%)`,
    );
  } finally {
    await hub.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const duration = option('duration', 10);
  const rounds = option('rounds', 3);
  const connections = option('connections', 16);
  console.log(machine());
  for (const mode of ['server', 'embedded']) await measure(mode, duration, rounds, connections);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
