#!/usr/bin/env node
'use strict';
/**
 * Throughput and latency of TaggingEngine.analyze on real photos, beside the time onnxruntime alone
 * spends on the same model inputs, so the engine's own overhead (decode, resampling, post-processing)
 * is visible. Needs the built library: `npx tsc -b libs/tagging` first.
 *
 *   node tools/bench/engine-bench.js [--rounds 3] [--threads N]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { TaggingEngine, ANALYZER_NAMES } = require(path.join(REPO_ROOT, 'libs', 'tagging', 'dist'));

const PHOTOS = [
  'libs/tagging/src/decode/fixtures/chelsea.jpg',
  'libs/tagging/src/analyzers/labels.fixtures/coffee.jpg',
  'libs/tagging/fixtures/text/sign.png',
  'libs/tagging/fixtures/text/price-tag.png',
  'libs/tagging/fixtures/text/page.png',
];

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A 12-megapixel JPEG made by upscaling a real photo, as a phone would deliver it. */
async function twelveMegapixelPhoto(dir) {
  const file = path.join(dir, 'chelsea-12mp.jpg');
  await sharp(path.join(REPO_ROOT, PHOTOS[0])).resize(4243, 2828).jpeg({ quality: 90 }).toFile(file);
  return file;
}

/** Records every sessions.run call (model id + feeds + time) made while `fn` runs. */
async function recordingRuns(sessions, fn) {
  const calls = [];
  const original = sessions.run.bind(sessions);
  sessions.run = async (modelId, feeds) => {
    const started = process.hrtime.bigint();
    const result = await original(modelId, feeds);
    calls.push({ modelId, feeds, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    return result;
  };
  try {
    await fn();
  } finally {
    sessions.run = original;
  }
  return calls;
}

async function measure(engine, images, rounds, options) {
  const sessions = engine.modelSessions();
  // Warm-up: create every session and let onnxruntime plan its allocations.
  for (const image of images) await engine.analyze(image.bytes, options);
  const latencies = [];
  const feedsPerImage = new Map();
  const started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++) {
    for (const image of images) {
      const t0 = process.hrtime.bigint();
      const calls = await recordingRuns(sessions, () => engine.analyze(image.bytes, options));
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!feedsPerImage.has(image.name)) feedsPerImage.set(image.name, calls);
    }
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  // Replay the exact model inputs one after another: onnxruntime time alone, same models, same inputs.
  let rawMs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const image of images) {
      for (const call of feedsPerImage.get(image.name)) {
        const t0 = process.hrtime.bigint();
        await sessions.run(call.modelId, call.feeds);
        rawMs += Number(process.hrtime.bigint() - t0) / 1e6;
      }
    }
  }
  const count = rounds * images.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const analyzeMs = totalMs / count;
  const rawPerImage = rawMs / count;
  return {
    images: count,
    imagesPerSecond: +(count / (totalMs / 1000)).toFixed(2),
    p50Ms: +percentile(sorted, 50).toFixed(1),
    p95Ms: +percentile(sorted, 95).toFixed(1),
    analyzeMeanMs: +analyzeMs.toFixed(1),
    onnxRawMeanMs: +rawPerImage.toFixed(1),
    overhead: +(analyzeMs / rawPerImage - 1).toFixed(2),
  };
}

async function main() {
  const rounds = option('rounds', 3);
  const threads = option('threads', os.availableParallelism());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  try {
    const files = [...PHOTOS.map((p) => path.join(REPO_ROOT, p)), await twelveMegapixelPhoto(tmp)];
    const images = files.map((file) => ({ name: path.basename(file), bytes: fs.readFileSync(file) }));
    const engine = await TaggingEngine.create({ threads });
    const cpus = os.cpus();
    console.log(`machine: ${cpus[0].model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`);
    console.log(`threads: ${threads}, rounds: ${rounds}, photos: ${images.map((i) => i.name).join(', ')}`);
    console.log(`analyzers available: ${engine.availableAnalyzers().join(', ')}`);
    const withoutOcr = await measure(engine, images, rounds, { analyzers: ANALYZER_NAMES.filter((n) => n !== 'text') });
    console.log('without OCR', JSON.stringify(withoutOcr));
    const withOcr = await measure(engine, images, rounds, {});
    console.log('with OCR   ', JSON.stringify(withOcr));
    await engine.close();
    console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
