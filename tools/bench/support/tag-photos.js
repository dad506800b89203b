#!/usr/bin/env node
'use strict';
/**
 * One engine with every model, tagging the given photos `--rounds` times with `--concurrency` images in
 * flight (as a hub worker does), full pipeline including OCR. On exit it prints one JSON line: its own
 * resource usage (CPU user and system seconds over all its threads, peak RSS, page faults) and the images done.
 * Started as a child process by tools/bench/allocator-bench.js, so each allocator setting gets a fresh process.
 *
 *   node tools/bench/support/tag-photos.js [--rounds 2] [--concurrency 2] photo...
 */
const fs = require('node:fs');
const path = require('node:path');

const DIST = process.env.TAGGING_DIST ?? path.join(__dirname, '..', '..', '..', 'libs', 'tagging', 'dist');
const { TaggingEngine } = require(DIST);

function option(args, name, fallback) {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const [value] = args.splice(index, 2).slice(1);
  return Number(value);
}

async function main() {
  const args = process.argv.slice(2);
  const rounds = option(args, 'rounds', 2);
  const concurrency = option(args, 'concurrency', 2);
  const photos = args.map((file) => fs.readFileSync(file));
  const engine = await TaggingEngine.create({});
  const queue = Array.from({ length: rounds }, () => photos).flat();
  let images = 0;
  let textImages = 0;
  const feed = async () => {
    for (let bytes = queue.shift(); bytes; bytes = queue.shift()) {
      const result = await engine.analyze(bytes);
      images++;
      if (result.text) textImages++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, feed));
  await engine.close();
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      images,
      textImages,
      userSeconds: usage.userCPUTime / 1e6,
      systemSeconds: usage.systemCPUTime / 1e6,
      peakRssMb: Math.round(usage.maxRSS / 1024),
      minorFaults: usage.minorPageFault,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
