#!/usr/bin/env node
'use strict';
/**
 * The hub with and without a vision backend: images/s and latency (p50, p95) of POST /v1/images?wait=true on the
 * embedded hub, against a fake Ollama server on 127.0.0.1 that answers every caption after a fixed delay and
 * serves at most `--server-concurrency` requests at once (a GPU box), queueing the rest.
 *
 * Runs, each in a fresh hub process with the settings the product ships unless named, at two job concurrencies per
 * worker: TAGPHOTO_WORKER_CONCURRENCY's default (2) and --workers (8), each built-in only (the baseline) and with
 * the vision backend (TAGPHOTO_VISION_CONCURRENCY = --server-concurrency).
 * Beside each vision run: what it would reach if the built-in work and the model calls took turns instead of
 * overlapping, 1 / (1 / built-in img/s + delay / calls in flight), and the ideal with full overlap, the smaller of
 * the built-in img/s and calls in flight / delay; calls in flight are at most min(jobs, server concurrency).
 *
 *   TAGPHOTO_MODEL_DIR=/work/shared/models node tools/bench/vision-bench.js [--images 24] [--clients 8]
 *     [--delay-ms 2000] [--server-concurrency 4] [--workers 8]
 * Needs the built hub (`npm run build`). Loopback only; every process it starts is stopped at the end.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT, startHub, apiKeyFor, machine } = require('./support/hub-processes');

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const IMAGES = option('images', 24);
const CLIENTS = option('clients', 8);
const DELAY_MS = option('delay-ms', 2000);
const SERVER_CONCURRENCY = option('server-concurrency', 4);
const WORKERS = option('workers', 8);

const CAPTION = JSON.stringify({
  altText: 'A scene captioned by the fake vision server',
  title: 'Benchmark caption',
  description: 'A caption written after a fixed delay.',
  tags: ['benchmark'],
  subject: 'thing',
  people: 0,
});

/** An Ollama /api/chat that takes DELAY_MS per caption, SERVER_CONCURRENCY at a time. */
function startFakeOllama() {
  let busy = 0;
  let peak = 0;
  const queue = [];
  const release = () => {
    busy -= 1;
    const next = queue.shift();
    if (next) next();
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const serve = () => {
        busy += 1;
        peak = Math.max(peak, busy);
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              model: 'bench',
              created_at: new Date().toISOString(),
              message: { role: 'assistant', content: CAPTION },
              done: true,
            }),
          );
          release();
        }, DELAY_MS);
      };
      if (busy < SERVER_CONCURRENCY) serve();
      else queue.push(serve);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        peak: () => peak,
        resetPeak: () => (peak = 0),
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

function multipart(bytes) {
  const boundary = '----tagphoto-vision-bench';
  return {
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Sends IMAGES uploads, CLIENTS at a time; returns throughput, latencies and where the captions came from. */
async function load(hub, photos) {
  const key = await apiKeyFor(hub);
  const latencies = [];
  const sources = { vision: 0, 'built-in': 0 };
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < IMAGES) {
      const upload = multipart(photos[next++ % photos.length]);
      const t0 = performance.now();
      const response = await fetch(`${hub.url}/v1/images?wait=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': upload.contentType },
        body: upload.body,
      });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
      latencies.push(performance.now() - t0);
      sources[body.result.sources.altText] += 1;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: IMAGES / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), sources };
}

async function run(name, env, photos) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagphoto-vision-bench-'));
  const hub = await startHub({ TAGPHOTO_DATA_DIR: dataDir, ...env });
  try {
    // One image first, so model loading is not counted.
    await load({ ...hub }, photos.slice(0, 1)).catch(() => undefined);
    return { name, ...(await load(hub, photos)) };
  } finally {
    await hub.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'photos');
  const photos = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.jpg'))
    .map((file) => fs.readFileSync(path.join(dir, file)));
  const server = await startFakeOllama();
  const vision = {
    TAGPHOTO_VISION_URL: server.url,
    TAGPHOTO_VISION_MODEL: 'bench',
    TAGPHOTO_VISION_CONCURRENCY: String(SERVER_CONCURRENCY),
  };
  console.log(machine());
  console.log(
    `${IMAGES} images (${photos.length} photos), ${CLIENTS} clients, fake model: ${DELAY_MS} ms per caption, ${SERVER_CONCURRENCY} at once\n`,
  );
  try {
    const rows = [];
    for (const workers of [2, WORKERS]) {
      const jobs = { TAGPHOTO_WORKER_CONCURRENCY: String(workers) };
      const baseline = await run(`built-in only, ${workers} jobs`, jobs, photos);
      server.resetPeak();
      const row = await run(`vision, ${workers} jobs`, { ...vision, ...jobs }, photos);
      const calls = Math.min(workers, SERVER_CONCURRENCY) / (DELAY_MS / 1000);
      row.takingTurns = 1 / (1 / baseline.perSecond + 1 / calls);
      row.ideal = Math.min(baseline.perSecond, calls);
      row.peak = server.peak();
      rows.push(baseline, row);
    }
    for (const row of rows) {
      const extra =
        row.peak === undefined
          ? ''
          : `   taking turns ${row.takingTurns.toFixed(2)}, ideal ${row.ideal.toFixed(2)} img/s; model calls in flight at peak ${row.peak}`;
      console.log(
        `${row.name.padEnd(30)} ${row.perSecond.toFixed(2).padStart(6)} img/s   p50 ${(row.p50 / 1000).toFixed(2)} s   p95 ${(row.p95 / 1000).toFixed(2)} s   ` +
          `captions: ${row.sources.vision} vision, ${row.sources['built-in']} built-in${extra}`,
      );
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
