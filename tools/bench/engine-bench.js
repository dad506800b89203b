#!/usr/bin/env node
'use strict';
/**
 * Throughput, latency and memory of TaggingEngine.analyze on real photos, beside the time onnxruntime alone
 * spends on the same model inputs, so the engine's own overhead (decode, resampling, post-processing) is
 * visible. Needs the built library: `npx tsc -b libs/tagging` first.
 *
 *   TAGPHOTO_MODEL_DIR=/work/shared/models node tools/bench/engine-bench.js [--rounds 5] [--threads N]
 *
 * Raw model time: right after each timed analyze, the model calls it made (same models, same input
 * tensors) are replayed with the same concurrency as the engine ran them: one chain per analyzer, the
 * calls of a chain in order, all chains started together (Promise.all), and that replay's wall time is
 * the raw time. Overhead = analyze wall time / raw wall time − 1. Replaying right after each analyze
 * keeps both under the same machine load.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// TAGGING_DIST: benchmark another build of the library (e.g. one kept apart while the tree is being edited).
const DIST = process.env.TAGGING_DIST ?? path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const { TaggingEngine, ANALYZER_NAMES } = require(DIST);
const { defaultAnalyzers } = require(path.join(DIST, 'analyzers', 'default-analyzers'));

const PHOTOS = [
  'libs/tagging/src/decode/fixtures/chelsea.jpg',
  'libs/tagging/src/analyzers/labels.fixtures/coffee.jpg',
  'libs/tagging/fixtures/text/sign.png',
  'libs/tagging/fixtures/text/price-tag.png',
  'libs/tagging/fixtures/text/page.png',
];
const TWELVE_MP = 'chelsea-12mp.jpg';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const round1 = (value) => Math.round(value * 10) / 10;
const mb = (bytes) => Math.round(bytes / 2 ** 20);
const now = () => process.hrtime.bigint();
const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** A 12-megapixel JPEG made by upscaling a real photo, as a phone would deliver it. */
async function twelveMegapixelPhoto(dir) {
  const file = path.join(dir, TWELVE_MP);
  await sharp(path.join(REPO_ROOT, PHOTOS[0])).resize(4243, 2828).jpeg({ quality: 90 }).toFile(file);
  return file;
}

/** Model id → analyzer name, so recorded calls can be replayed as the analyzers issued them. */
function analyzerOfModel() {
  const owner = new Map();
  for (const [name, analyzer] of Object.entries(defaultAnalyzers())) {
    for (const id of analyzer.models) owner.set(id, name);
  }
  return owner;
}

/** Records every sessions.run call (model id and feeds) made while `fn` runs. */
async function recordingRuns(sessions, fn) {
  const calls = [];
  const original = sessions.run;
  sessions.run = async (modelId, feeds) => {
    calls.push({ modelId, feeds });
    return original.call(sessions, modelId, feeds);
  };
  try {
    await fn();
  } finally {
    sessions.run = original;
  }
  return calls;
}

/** Wall time of the recorded calls replayed with the engine's concurrency: one ordered chain per analyzer. */
async function replay(sessions, calls, owner) {
  const chains = new Map();
  for (const call of calls) {
    const key = owner.get(call.modelId) ?? call.modelId;
    chains.set(key, [...(chains.get(key) ?? []), call]);
  }
  const started = now();
  await Promise.all(
    [...chains.values()].map(async (chain) => {
      for (const call of chain) await sessions.run(call.modelId, call.feeds);
    }),
  );
  return msSince(started);
}

function summarise(samples) {
  const latencies = samples.map((s) => s.analyzeMs).sort((a, b) => a - b);
  const analyzeMs = sum(samples.map((s) => s.analyzeMs));
  const rawMs = sum(samples.map((s) => s.rawMs));
  return {
    images: samples.length,
    imagesPerSecond: round1(samples.length / (analyzeMs / 1000)),
    p50Ms: round1(percentile(latencies, 50)),
    p95Ms: round1(percentile(latencies, 95)),
    analyzeMeanMs: round1(analyzeMs / samples.length),
    rawMeanMs: round1(rawMs / samples.length),
    overhead: +(analyzeMs / rawMs - 1).toFixed(3),
  };
}

async function measure(engine, images, rounds, options, owner) {
  const sessions = engine.modelSessions();
  // Warm-up: create every session and let onnxruntime plan its allocations.
  for (const image of images) await engine.analyze(image.bytes, options);
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    for (const image of images) {
      const t0 = now();
      const calls = await recordingRuns(sessions, () => engine.analyze(image.bytes, options));
      const analyzeMs = msSince(t0);
      const rawMs = await replay(sessions, calls, owner);
      samples.push({ name: image.name, analyzeMs, rawMs });
    }
  }
  return { all: summarise(samples), twelveMp: summarise(samples.filter((s) => s.name === TWELVE_MP)) };
}

function report(label, result) {
  console.log(`${label} all photos: ${JSON.stringify(result.all)}`);
  console.log(`${label} 12 MP JPEG : ${JSON.stringify(result.twelveMp)}`);
}

async function main() {
  const rounds = option('rounds', 5);
  const threads = option('threads', os.availableParallelism());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  try {
    const files = [...PHOTOS.map((p) => path.join(REPO_ROOT, p)), await twelveMegapixelPhoto(tmp)];
    const images = files.map((file) => ({ name: path.basename(file), bytes: fs.readFileSync(file) }));
    const cpus = os.cpus();
    console.log(`machine: ${cpus[0].model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`);
    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const rssBefore = process.memoryUsage().rss;
    const engine = await TaggingEngine.create({ threads });
    console.log(
      `threads: onnxruntime intra-op ${threads} per session, inter-op 1, no spinning; onnxruntime-node runs one ` +
        `model at a time on the JS thread; sharp concurrency ${sharp.concurrency()}, ` +
        `libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4}, MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX ?? 'unset'}`,
    );
    console.log(`rounds: ${rounds}, photos: ${images.map((i) => i.name).join(', ')}`);
    console.log(`analyzers available: ${engine.availableAnalyzers().join(', ')}`);
    const sessions = engine.modelSessions();
    await Promise.all(engine.availableAnalyzers().flatMap((name) => defaultAnalyzers()[name].models.map((id) => sessions.session(id))));
    console.log(`RSS: ${mb(rssBefore)} MB before the engine, ${mb(process.memoryUsage().rss)} MB with all models loaded`);
    console.log(
      'raw = wall time of replaying the same model calls on the same tensors, one ordered chain per analyzer, ' +
        'chains concurrent (as analyze runs them); overhead = sum(analyze) / sum(raw) - 1',
    );
    const owner = analyzerOfModel();
    report('without OCR', await measure(engine, images, rounds, { analyzers: ANALYZER_NAMES.filter((n) => n !== 'text') }, owner));
    report('with OCR   ', await measure(engine, images, rounds, {}, owner));
    console.log(`RSS at the end: ${mb(process.memoryUsage().rss)} MB; peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await engine.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
