#!/usr/bin/env node
'use strict';
/**
 * A burst of large uploads against one hub process started as `npm start` runs it (embedded database and
 * in-process jobs, the same MALLOC_* settings), loopback only (issue 15, finding 3):
 *   1. baseline: /health latency with nothing else going on;
 *   2. burst: N concurrent uploads of one ~24 MB image spread over several owners, while /health is polled and the
 *      hub's RSS sampled; then the answers by status, whether every refusal carried Retry-After, and whether every
 *      accepted upload is an image row (none lost).
 * /health is timed twice over: by a prober process of its own (support/health-prober.js), the figure the target is
 * judged on, and by this process, which also pushes the burst's gigabytes and so adds its own delays to what it sees.
 * Needs the built hub (`npm run build`). Usage: node tools/bench/upload-burst.js [--uploads 80] [--owners 8] [--mb 24]
 */
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { fork } = require('node:child_process');
const { REPO_ROOT, MODEL_DIR, startHub, apiKeyFor, machine } = require('./support/hub-processes');
const LOOPBACK_GUARD = require.resolve('../../tests/support/loopback-only');

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

// What `npm start` puts in front of node (package.json), so the allocator behaves as it does in production.
const NPM_START_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '1048576', MALLOC_TRIM_THRESHOLD_: '1048576' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Polls /health one request at a time every `everyMs` until `until()` is true; resolves to the latencies. */
async function pollHealth(url, until, everyMs = 20) {
  const latencies = [];
  while (!until()) {
    const start = performance.now();
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - start);
    await sleep(everyMs);
  }
  return latencies;
}

/** p50, p95, p99 and max of latencies in ms, as one line. */
function latencyLine(latencies) {
  const at = (p) => percentile(latencies, p).toFixed(1);
  return `p50 ${at(50)} ms  p95 ${at(95)} ms  p99 ${at(99)} ms  max ${Math.max(...latencies).toFixed(1)} ms  (${latencies.length} probes)`;
}

/**
 * Starts the separate /health prober and resolves once it has its first answer (connected and warm), so the burst
 * is measured by a client already polling, as a monitor would be. `stop(since)` resolves to the latencies of the
 * probes sent at or after `since` (epoch ms) and when each was sent.
 */
async function startProber(url, everyMs = 20) {
  const child = fork(path.join(__dirname, 'support', 'health-prober.js'), {
    execArgv: [`--require=${LOOPBACK_GUARD}`],
  });
  const ready = new Promise((resolve) => child.once('message', resolve));
  child.send({ type: 'probe', url, everyMs });
  await ready;
  return {
    stop(since = 0) {
      return new Promise((resolve, reject) => {
        child.once('message', (message) => {
          child.kill();
          const kept = message.startedAt.map((at, i) => [at, message.latencies[i]]).filter(([at]) => at >= since);
          resolve({ latencies: kept.map(([, ms]) => ms), startedAt: kept.map(([at]) => at - since) });
        });
        child.once('exit', (code) => reject(new Error(`the /health prober exited (${code}) before answering`)));
        child.send({ type: 'stop' });
      });
    },
  };
}

const loadNow = () => os.loadavg()[0].toFixed(2);

/** The hub's resident set now and its high-water mark since start, in MB (Linux /proc). */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** One multipart upload streamed from the shared buffer (no per-request copy), resolving to the hub's answer. */
function upload(url, apiKey, image) {
  const boundary = `----tagphoto-burst-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="burst.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve) => {
    const request = http.request(`${url}/v1/images`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + image.length + tail.length,
      },
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          body = { raw: text.slice(0, 200) };
        }
        resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'], body, apiKey });
      });
    });
    // A refused upload is answered before its body is read; the hub may then close the socket under the rest.
    request.on('error', (error) => resolve({ status: 'error', error: error.message, apiKey }));
    request.write(head);
    request.write(image);
    request.end(tail);
  });
}

async function main() {
  const uploads = option('uploads', 80);
  const owners = option('owners', 8);
  const megabytes = option('mb', 24);
  // A real photo as an uncompressed PNG: its size is its pixels, and the hub decodes, stores and tags it like any other.
  const side = Math.round(Math.sqrt((megabytes * 2 ** 20) / 3));
  const image = await sharp(path.join(REPO_ROOT, 'libs/tagging/fixtures/photos/coffee.jpg'))
    .resize(side, side, { fit: 'fill' })
    .png({ compressionLevel: 0 })
    .toBuffer();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagphoto-burst-'));
  const hub = await startHub({ ...NPM_START_ENV, TAGPHOTO_DATA_DIR: dataDir, TAGPHOTO_MODEL_DIR: MODEL_DIR });
  const pid = hub.child.pid;
  try {
    const keys = [];
    for (let i = 0; i < owners; i++) keys.push(await apiKeyFor(hub));

    console.log(`machine: ${machine()}`);
    console.log(
      `hub: embedded default as npm start runs it (${Object.entries(NPM_START_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}), pid ${pid}`,
    );
    console.log(
      `burst: ${uploads} concurrent uploads of one ${(image.length / 2 ** 20).toFixed(1)} MB PNG photo (${side}×${side}), ${owners} owners`,
    );

    const idleProber = await startProber(hub.url);
    const idleUntil = Date.now() + 3000;
    const idle = await pollHealth(hub.url, () => Date.now() > idleUntil);
    const { latencies: idleProbed } = await idleProber.stop();
    const before = memoryOf(pid);
    console.log(`baseline, no uploads (load ${loadNow()}), RSS ${before.rssMb.toFixed(0)} MB:`);
    console.log(`  /health from the prober process: ${latencyLine(idleProbed)}`);
    console.log(`  /health from the uploading process: ${latencyLine(idle)}`);

    let done = false;
    let peakSampled = before.rssMb;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memoryOf(pid).rssMb)), 25);
    const loadAtStart = loadNow();
    const prober = await startProber(hub.url);
    const burstStartedAt = Date.now();
    const started = performance.now();
    const answersPromise = Promise.all(
      Array.from({ length: uploads }, (_, i) => upload(hub.url, keys[i % keys.length], image)),
    );
    const healthPromise = pollHealth(hub.url, () => done);
    const answers = await answersPromise;
    const burstMs = performance.now() - started;
    done = true;
    const during = await healthPromise;
    const { latencies: probed, startedAt } = await prober.stop(burstStartedAt);
    const loadAtEnd = loadNow();
    const afterBurst = memoryOf(pid);
    clearInterval(sampler);

    const byStatus = {};
    for (const answer of answers) byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
    const refused = answers.filter((answer) => answer.status === 429 || answer.status === 503);
    const refusedWithoutRetryAfter = refused.filter((answer) => !(Number(answer.retryAfter) > 0)).length;
    const accepted = answers.filter((answer) => answer.status === 202 || answer.status === 200);
    const unexpected = answers.filter((answer) => !accepted.includes(answer) && !refused.includes(answer));
    let lost = 0;
    for (const answer of accepted) {
      const row = await fetch(`${hub.url}/v1/images/${answer.body.id}`, {
        headers: { authorization: `Bearer ${answer.apiKey}` },
      });
      if (row.status !== 200) lost++;
    }

    console.log(
      `answers in ${(burstMs / 1000).toFixed(1)} s: ${Object.entries(byStatus)
        .map(([status, count]) => `${status}×${count}`)
        .join('  ')}`,
    );
    for (const answer of unexpected.slice(0, 3))
      console.log(`  unexpected: ${answer.status} ${answer.error ?? JSON.stringify(answer.body)}`);
    console.log(
      `refusals without Retry-After: ${refusedWithoutRetryAfter} of ${refused.length}; accepted uploads without an image row (lost): ${lost} of ${accepted.length}`,
    );
    console.log(`during the burst (load ${loadAtStart} at its start, ${loadAtEnd} at its end):`);
    console.log(`  /health from the prober process: ${latencyLine(probed)}`);
    const slowest = probed
      .map((ms, i) => [ms, startedAt[i]])
      .sort((a, b) => b[0] - a[0])
      .slice(0, 3);
    console.log(
      `    slowest: ${slowest.map(([ms, at]) => `${ms.toFixed(0)} ms sent at +${(at / 1000).toFixed(2)} s`).join(', ')}`,
    );
    console.log(`  /health from the uploading process: ${latencyLine(during)}`);
    console.log(
      `hub RSS: peak ${afterBurst.peakMb.toFixed(0)} MB (VmHWM; sampled peak ${peakSampled.toFixed(0)} MB), right after the burst ${afterBurst.rssMb.toFixed(0)} MB`,
    );

    const healthP99 = percentile(probed, 99);
    const verdict =
      afterBurst.peakMb <= 1536 &&
      healthP99 <= 200 &&
      refusedWithoutRetryAfter === 0 &&
      lost === 0 &&
      unexpected.length === 0;
    console.log(
      `targets (peak RSS ≤ 1536 MB, /health p99 ≤ 200 ms from the prober, every answer 2xx or 429/503 with Retry-After, none lost): ${verdict ? 'met' : 'NOT met'}`,
    );
    process.exitCode = verdict ? 0 : 1;
  } finally {
    // Reported rather than waited on forever: a hub that ignores SIGTERM is a finding of its own.
    const stopped = await Promise.race([hub.stop('SIGTERM').then(() => true), sleep(30_000).then(() => false)]);
    if (!stopped) {
      console.log('hub did not exit within 30 s of SIGTERM: killed');
      await hub.stop('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
