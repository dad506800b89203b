#!/usr/bin/env node
'use strict';
/**
 * Throughput, latency and memory of TaggingEngine.analyze on real photos, beside the time onnxruntime alone
 * spends on the same model inputs, so the engine's own overhead (decode, resampling, post-processing) is
 * visible. Needs the built library: `npx tsc -b libs/tagging` first.
 *
 *   TAGPHOTO_MODEL_DIR=/work/shared/models node tools/bench/engine-bench.js [--rounds 5] [--threads N] [--concurrency 2]
 *
 * Raw model time: the model calls analyze made (same models, same input tensors) are replayed back to back
 * right after it, and the time onnxruntime spends inside `run` on them, as the inference thread measures
 * it, is the raw time. Two ways of feeding the engine are measured: one image at a time (latency), and a
 * queue with `concurrency` analyze calls in flight (throughput, as the hub's job workers feed it), whose
 * raw time is the sum of its images' raw times from the first part.
 * Decode floor: the time the engine's decode step alone takes on each image, as a share of its raw time.
 * No model can start before the image is decoded, so one at a time the overhead cannot go below it.
 * Model cores: the CPU time of the process during the replay per millisecond of raw time, i.e. how many of
 * the machine's cores onnxruntime keeps busy; what it leaves idle is all a queue can decode and resample on for free.
 * `npm run bench` runs it with the allocator settings the hub and the CLI start with (tools/runtime/node.sh).
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
const { decodeImage } = require(path.join(DIST, 'decode', 'decode'));

const PHOTOS = [
  'libs/tagging/src/decode/fixtures/chelsea.jpg',
  'libs/tagging/src/analyzers/labels.fixtures/coffee.jpg',
  'libs/tagging/fixtures/text/sign.png',
  'libs/tagging/fixtures/text/price-tag.png',
  'libs/tagging/fixtures/text/page.png',
  // A product cut out on white: the engine classifies the trimmed object as well as the frame.
  'libs/tagging/fixtures/quality/garbage-truck-cutout.png',
];
const TWELVE_MP = 'chelsea-12mp.jpg';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Allocator settings in force (tools/runtime/node.sh sets them for `npm run bench`), or 'glibc defaults'. */
function allocatorSettings() {
  const set = Object.keys(process.env).filter(
    (name) => name.startsWith('MALLOC_') || name === 'LD_PRELOAD' || name === 'GLIBC_TUNABLES',
  );
  return set.length ? set.map((name) => `${name}=${process.env[name]}`).join(' ') : 'glibc defaults';
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const mean = (values) => sum(values) / values.length;
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

/**
 * Time onnxruntime spends in `run` on the recorded calls, replayed back to back on an otherwise idle engine,
 * and the CPU time the process spends meanwhile (all threads: onnxruntime's, and a little of the main thread's).
 */
async function rawTime(sessions, calls) {
  const before = sessions.inferenceTime();
  const cpuBefore = process.cpuUsage();
  for (const call of calls) await sessions.run(call.modelId, call.feeds);
  const cpu = process.cpuUsage(cpuBefore);
  return { rawMs: sessions.inferenceTime() - before, rawCpuMs: (cpu.user + cpu.system) / 1000 };
}

function summarise(samples) {
  const latencies = samples.map((s) => s.analyzeMs).sort((a, b) => a - b);
  const analyzeMs = sum(samples.map((s) => s.analyzeMs));
  const rawMs = sum(samples.map((s) => s.rawMs));
  const decodeMs = sum(samples.map((s) => s.decodeMs));
  const rawCpuMs = sum(samples.map((s) => s.rawCpuMs));
  return {
    images: samples.length,
    p50Ms: round1(percentile(latencies, 50)),
    p95Ms: round1(percentile(latencies, 95)),
    analyzeMeanMs: round1(analyzeMs / samples.length),
    rawMeanMs: round1(rawMs / samples.length),
    overhead: +(analyzeMs / rawMs - 1).toFixed(3),
    decodeMeanMs: round1(decodeMs / samples.length),
    decodeFloor: +(decodeMs / rawMs).toFixed(3),
    modelCores: +(rawCpuMs / rawMs).toFixed(2),
  };
}

/** Time of the engine's decode step alone (header checks, shrink-on-load, orientation, the working copy). */
async function decodeTime(bytes) {
  const t0 = now();
  await decodeImage(bytes);
  return msSince(t0);
}

/** One image at a time: latency of analyze against the raw time of its own model calls. */
async function latency(engine, images, rounds, options) {
  const sessions = engine.modelSessions();
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    for (const image of images) {
      const t0 = now();
      const calls = await recordingRuns(sessions, () => engine.analyze(image.bytes, options));
      const analyzeMs = msSince(t0);
      samples.push({
        name: image.name,
        analyzeMs,
        ...(await rawTime(sessions, calls)),
        decodeMs: await decodeTime(image.bytes),
      });
    }
  }
  const rawByImage = new Map(
    images.map((image) => [image.name, mean(samples.filter((s) => s.name === image.name).map((s) => s.rawMs))]),
  );
  return { all: summarise(samples), twelveMp: summarise(samples.filter((s) => s.name === TWELVE_MP)), rawByImage };
}

/**
 * A queue of images, `concurrency` analyze calls in flight (as the hub's workers run them): images/s of the
 * whole pipeline against the images/s onnxruntime alone reaches on the same calls. The raw time of each
 * image is the one measured for it one at a time: recording the calls here would hold every image's
 * tensors and inflate the memory figures.
 */
async function throughput(engine, images, rounds, options, concurrency, rawByImage) {
  const queue = Array.from({ length: rounds }, () => images).flat();
  let next = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < queue.length) await engine.analyze(queue[next++].bytes, options);
    }),
  );
  const wallMs = msSince(t0);
  const rawMs = sum(queue.map((image) => rawByImage.get(image.name)));
  return {
    images: queue.length,
    concurrency,
    imagesPerSecond: round1(queue.length / (wallMs / 1000)),
    rawImagesPerSecond: round1(queue.length / (rawMs / 1000)),
    overhead: +(wallMs / rawMs - 1).toFixed(3),
  };
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Prints latency one image at a time; returns each image's mean raw model time for the queue runs. */
async function reportLatency(label, engine, images, rounds, options) {
  // Warm-up: create every session and let onnxruntime plan its allocations.
  for (const image of images) await engine.analyze(image.bytes, options);
  const { all, twelveMp, rawByImage } = await latency(engine, images, rounds, options);
  console.log(`${label} one at a time, all photos: ${JSON.stringify(all)}`);
  console.log(`${label} one at a time, 12 MP JPEG : ${JSON.stringify(twelveMp)}`);
  return rawByImage;
}

async function reportThroughput(label, engine, images, rounds, options, concurrency, rawByImage) {
  const twelve = images.filter((image) => image.name === TWELVE_MP);
  const all = await throughput(engine, images, rounds, options, concurrency, rawByImage);
  console.log(`${label} queue, all photos: ${JSON.stringify(all)}`);
  const large = await throughput(engine, twelve, rounds * images.length, options, concurrency, rawByImage);
  console.log(`${label} queue, 12 MP JPEGs: ${JSON.stringify(large)}`);
}

async function main() {
  const rounds = option('rounds', 5);
  const threads = option('threads', os.availableParallelism());
  const concurrency = option('concurrency', 2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  try {
    const files = [...PHOTOS.map((p) => path.join(REPO_ROOT, p)), await twelveMegapixelPhoto(tmp)];
    const images = files.map((file) => ({ name: path.basename(file), bytes: fs.readFileSync(file) }));
    const cpus = os.cpus();
    console.log(
      `machine: ${cpus[0].model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`,
    );
    console.log(
      `load average at start: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const rssBefore = process.memoryUsage().rss;
    const engine = await TaggingEngine.create({ threads });
    console.log(
      `threads: onnxruntime intra-op ${threads} per session, inter-op 1, no spinning; all sessions on one ` +
        `inference thread, one model at a time; analyze calls in flight in the queue runs: ${concurrency}; sharp concurrency ${sharp.concurrency()}, ` +
        `libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4}, allocator settings: ${allocatorSettings()}`,
    );
    console.log(`rounds: ${rounds}, photos: ${images.map((i) => i.name).join(', ')}`);
    console.log(`analyzers available: ${engine.availableAnalyzers().join(', ')}`);
    const sessions = engine.modelSessions();
    await Promise.all(
      engine.availableAnalyzers().flatMap((name) => defaultAnalyzers()[name].models.map((id) => sessions.load(id))),
    );
    console.log(
      `RSS: ${mb(rssBefore)} MB before the engine, ${mb(process.memoryUsage().rss)} MB with all models loaded`,
    );
    console.log(
      'raw = time onnxruntime spends in run() on the same model calls with the same tensors, replayed back to back; ' +
        'one at a time: overhead = sum(analyze) / sum(raw) - 1, decodeFloor = sum(decode alone) / sum(raw), ' +
        'modelCores = CPU time during the replay / its raw time; ' +
        'queue: overhead = wall time / sum(raw of its images) - 1',
    );
    const withoutOcr = { analyzers: ANALYZER_NAMES.filter((n) => n !== 'text') };
    const rawWithoutOcr = await reportLatency('without OCR', engine, images, rounds, withoutOcr);
    const rawWithOcr = await reportLatency('with OCR   ', engine, images, rounds, {});
    // maxRSS only grows: this is the peak of everything so far, one image at a time.
    console.log(`peak RSS, one image at a time: ${peakMb()} MB`);
    await reportThroughput('without OCR', engine, images, rounds, withoutOcr, concurrency, rawWithoutOcr);
    await reportThroughput('with OCR   ', engine, images, rounds, {}, concurrency, rawWithOcr);
    console.log(
      `peak RSS, also ${concurrency} in flight: ${peakMb()} MB; RSS at the end: ${mb(process.memoryUsage().rss)} MB`,
    );
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    await engine.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
