#!/usr/bin/env node
'use strict';
/**
 * What the shipped session option `session.x64quantprecision` (libs/tagging/src/models/onnx-sessions.ts) costs and
 * buys: the int8 ImageNet classifier runs on the same photos with the shipped options and with onnxruntime's fast
 * u8×s8 path, side by side in one process. On an x64 CPU without VNNI the fast path saturates and names things
 * differently; on a VNNI CPU both columns agree. Needs the built library (`npx tsc -b libs/tagging`).
 *
 *   TAGPHOTO_MODEL_DIR=/work/shared/models tools/runtime/node.sh tools/bench/int8-precision.js [--rounds 20]
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const ort = require('onnxruntime-node');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const { decodeImage } = require(path.join(DIST, 'decode', 'decode'));
const { modelInput } = require(path.join(DIST, 'analyzers', 'model-input'));
const { softmax, topK } = require(path.join(DIST, 'analyzers', 'labels.analyzer'));
const { IMAGENET_LABELS } = require(path.join(DIST, 'labels', 'imagenet-labels'));
const { IMAGENET_MOBILENETV2: ENTRY } = require(path.join(DIST, 'models', 'imagenet-model'));
const { sessionOptions } = require(path.join(DIST, 'models', 'onnx-sessions'));

const PHOTOS = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'photos');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);

async function main() {
  const modelDir = process.env.TAGPHOTO_MODEL_DIR;
  if (!modelDir) throw new Error('Set TAGPHOTO_MODEL_DIR to the folder holding mobilenetv2-12-int8.onnx');
  const modelPath = path.join(modelDir, ENTRY.source.fileName);
  const shipped = sessionOptions(1);
  const fast = { ...shipped, extra: { session: { ...shipped.extra.session, x64quantprecision: '0' } } };
  const sessions = {
    shipped: await ort.InferenceSession.create(modelPath, shipped),
    fast: await ort.InferenceSession.create(modelPath, fast),
  };
  const names = fs
    .readdirSync(PHOTOS)
    .filter((name) => name.endsWith('.jpg'))
    .sort();
  const timings = { shipped: [], fast: [] };
  let agreeing = 0;
  for (const name of names) {
    const photo = await decodeImage(fs.readFileSync(path.join(PHOTOS, name)));
    const rgb = await photo.resize(ENTRY.input.shape[3], ENTRY.input.shape[2], 'fill');
    const feeds = { [ENTRY.input.name]: modelInput(rgb, ENTRY) };
    const top = {};
    for (const [mode, session] of Object.entries(sessions)) {
      const output = Object.values(await session.run(feeds))[0];
      const [best] = topK(softmax(output.data), 1);
      top[mode] = `${IMAGENET_LABELS[best.index]} ${(best.confidence * 100).toFixed(0)}%`;
    }
    // Interleaved, so that whatever else the machine does weighs on both alike.
    for (let round = 0; round < rounds; round++) {
      for (const [mode, session] of Object.entries(sessions)) {
        const start = performance.now();
        await session.run(feeds);
        timings[mode].push(performance.now() - start);
      }
    }
    if (top.shipped === top.fast) agreeing++;
    console.log(`${name.padEnd(16)} shipped: ${top.shipped.padEnd(28)} fast u8×s8: ${top.fast}`);
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  console.log(
    JSON.stringify({
      photos: names.length,
      sameTopLabel: agreeing,
      shippedMedianMs: Number(median(timings.shipped).toFixed(2)),
      fastMedianMs: Number(median(timings.fast).toFixed(2)),
    }),
  );
  await Promise.all(Object.values(sessions).map((session) => session.release()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
