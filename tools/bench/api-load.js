#!/usr/bin/env node
'use strict';
/**
 * Load on the hub's API with autocannon, on real PostgreSQL and Redis, loopback only:
 *   1. POST /v1/images?wait=true with a small photo (ephemeral): end-to-end latency, beside the raw engine time of the
 *      same photo measured in this process, and the hub's overhead over it;
 *   2. POST /v1/images without wait: how fast the API accepts work;
 *   3. GET /v1/images/:id, 10,000 requests, with the hub's RSS sampled along the way (it must not keep growing).
 * Needs the built hub (`npm run build`). Usage: node tools/bench/api-load.js [--duration 15] [--connections 4]
 */
const autocannon = require('autocannon');
const path = require('node:path');
const sharp = require('sharp');
const { REPO_ROOT, MODEL_DIR, createDatabase, startHub, apiKeyFor, machine } = require('./support/hub-processes');

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

function multipart(bytes) {
  const boundary = '----tagphoto-bench';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function run(options) {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const row = (label, result) =>
  `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(5)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   2xx ${result['2xx']}   non-2xx ${result.non2xx}`;

async function main() {
  const duration = option('duration', 15);
  const connections = option('connections', 4);
  const photo = await sharp(path.join(REPO_ROOT, 'libs/tagging/fixtures/eval/dog.jpg'))
    .resize(320)
    .jpeg({ quality: 80 })
    .toBuffer();

  // The raw engine on the same photo, same process settings, for the overhead figure.
  const { TaggingEngine } = require(path.join(REPO_ROOT, 'libs/tagging/dist'));
  const engine = await TaggingEngine.create({ modelDir: MODEL_DIR });
  await engine.analyze(photo);
  const engineTimes = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await engine.analyze(photo);
    engineTimes.push(performance.now() - start);
  }
  await engine.close();
  engineTimes.sort((a, b) => a - b);
  const engineP50 = engineTimes[Math.floor(engineTimes.length / 2)];

  const database = await createDatabase();
  const hub = await startHub({
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    TAGPHOTO_QUEUE_PREFIX: `bench-${Date.now()}`,
    TAGPHOTO_RATE_LIMIT_API: '100000000',
    TAGPHOTO_DATA_DIR: path.join(require('node:os').tmpdir(), `tagphoto-bench-${process.pid}`),
  });
  try {
    const key = await apiKeyFor(hub);
    const headers = { authorization: `Bearer ${key}` };
    const upload = multipart(photo);
    console.log(`machine: ${machine()}`);
    console.log(
      `photo: 320 px JPEG, ${photo.length} bytes; ${connections} connections, ${duration} s per run; hub: server mode, 1 worker in-process (all)`,
    );

    const tagged = await run({
      url: `${hub.url}/v1/images?wait=true`,
      method: 'POST',
      headers: { ...headers, 'content-type': upload.contentType },
      body: upload.body,
      connections: 1,
      duration,
    });
    console.log(row('POST /v1/images?wait=true (1 conn)', tagged));
    console.log(
      `  raw engine analyze p50 ${engineP50.toFixed(1)} ms; hub end-to-end p50 ${tagged.latency.p50} ms → overhead ${((tagged.latency.p50 / engineP50 - 1) * 100).toFixed(0)}% ` +
        '(HTTP, multipart, decode check, encrypted blob write and delete, queue round trip, result sealing)',
    );

    const accepted = await run({
      url: `${hub.url}/v1/images`,
      method: 'POST',
      headers: { ...headers, 'content-type': upload.contentType },
      body: upload.body,
      connections,
      duration,
    });
    console.log(row('POST /v1/images (accept only)', accepted));

    const created = await fetch(`${hub.url}/v1/images?wait=true`, {
      method: 'POST',
      headers: { ...headers, 'content-type': upload.contentType },
      body: upload.body,
    });
    const { id } = await created.json();
    const samples = [hub.rssMb()];
    let reads;
    for (let round = 0; round < 4; round++) {
      reads = await run({ url: `${hub.url}/v1/images/${id}`, headers, connections, amount: 2500 });
      samples.push(hub.rssMb());
    }
    console.log(row('GET /v1/images/:id (last 2,500)', reads));
    console.log(
      `  hub RSS at 0 / 2,500 / 5,000 / 7,500 / 10,000 reads: ${samples.map((mb) => mb.toFixed(0)).join(' / ')} MB`,
    );
  } finally {
    await hub.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
