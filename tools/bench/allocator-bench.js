#!/usr/bin/env node
'use strict';
/**
 * Memory and CPU of the whole tagging pipeline (every model, OCR included) under the allocator settings the
 * product ships (tools/runtime/node.sh) against glibc's plain defaults, in one run on one photo set; then what
 * the OCR text-presence step saves on photos without text, beside OCR's character error rate with and without it.
 * A benchmark, not a test. Needs the built library (`npm run build:engine`) and the ImageNet pack.
 *
 *   TAGPHOTO_MODEL_DIR=/work/shared/models node tools/bench/allocator-bench.js [--rounds 2] [--concurrency 2]
 *
 * Part 1, allocators: each setting gets fresh child processes (tools/bench/support/tag-photos.js: one engine,
 * `--concurrency` images in flight as a hub worker runs them); CPU (user + system, all threads) and peak RSS
 * come from each child's own resource usage. Settings alternate run by run, `--repeats` times, so a busy
 * machine weighs on all of them alike. Targets: shipped CPU per image ≤ 1.1× the best setting's, peak RSS ≤ 600 MB.
 * Part 2, OCR: the text analyzer alone, with and without its presence step, on photos without text (time saved)
 * and on the OCR evaluation's text images (CER, which must not get worse).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const LAUNCHER = path.join(REPO_ROOT, 'tools', 'runtime', 'node.sh');
const TAG_PHOTOS = path.join(__dirname, 'support', 'tag-photos.js');
const TEXT_DIR = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'text');
const PHOTO_DIR = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'photos');
/** Photos the OCR ground truth or a look confirms have no text (messi5 has advertising boards, astronaut a patch). */
const NO_TEXT = ['chelsea.jpg', 'coffee.jpg', 'fruits.jpg', 'portraits.jpg'].map((name) => path.join(PHOTO_DIR, name));
const ALLOCATOR_VARIABLES = ['LD_PRELOAD', 'MALLOC_CONF', 'GLIBC_TUNABLES'];

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** The environment without any allocator setting: what `node` alone starts with. */
function plainEnvironment() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('MALLOC_') && !ALLOCATOR_VARIABLES.includes(name) && name !== 'TAGPHOTO_ALLOCATOR',
    ),
  );
}

const SETTINGS = [
  { name: 'shipped (tools/runtime/node.sh)', command: LAUNCHER, env: plainEnvironment() },
  {
    name: 'shipped, glibc fallback (TAGPHOTO_ALLOCATOR=glibc)',
    command: LAUNCHER,
    env: { ...plainEnvironment(), TAGPHOTO_ALLOCATOR: 'glibc' },
  },
  { name: 'glibc defaults (plain node)', command: process.execPath, env: plainEnvironment() },
];

/** A 12-megapixel JPEG made by upscaling a real photo, as a phone would deliver it. */
async function twelveMegapixelPhoto(dir) {
  const file = path.join(dir, 'chelsea-12mp.jpg');
  await sharp(path.join(PHOTO_DIR, 'chelsea.jpg')).resize(4243, 2828).jpeg({ quality: 90 }).toFile(file);
  return file;
}

function runChild(setting, photos, rounds, concurrency) {
  const args = [TAG_PHOTOS, '--rounds', String(rounds), '--concurrency', String(concurrency), ...photos];
  const out = execFileSync(setting.command, args, { env: setting.env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

async function allocatorPart(photos, rounds, concurrency, repeats) {
  const runs = new Map(SETTINGS.map((setting) => [setting.name, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const setting of SETTINGS) runs.get(setting.name).push(runChild(setting, photos, rounds, concurrency));
  }
  const rows = SETTINGS.map((setting) => {
    const all = runs.get(setting.name);
    const images = all.reduce((sum, run) => sum + run.images, 0);
    const cpu = all.reduce((sum, run) => sum + run.userSeconds + run.systemSeconds, 0);
    const system = all.reduce((sum, run) => sum + run.systemSeconds, 0);
    return {
      setting: setting.name,
      cpuSecondsPerImage: +(cpu / images).toFixed(3),
      systemShare: +(system / cpu).toFixed(2),
      peakRssMb: Math.max(...all.map((run) => run.peakRssMb)),
      minorFaultsPerImage: Math.round(all.reduce((sum, run) => sum + run.minorFaults, 0) / images),
    };
  });
  const best = Math.min(...rows.map((row) => row.cpuSecondsPerImage));
  for (const row of rows) row.cpuVsBest = +(row.cpuSecondsPerImage / best).toFixed(2);
  return rows;
}

async function ocrPart(rounds) {
  const { TextAnalyzer } = require(path.join(DIST, 'analyzers', 'text', 'text.analyzer'));
  const { decodeImage } = require(path.join(DIST, 'decode', 'decode'));
  const { ModelStore } = require(path.join(DIST, 'models', 'model-store'));
  const { OCR_MODELS } = require(path.join(DIST, 'models', 'ocr-models'));
  const { OnnxModelSessions } = require(path.join(DIST, 'models', 'onnx-sessions'));
  const { editDistance, normalizeWhitespace } = require(path.join(DIST, 'analyzers', 'text', 'cer.js'));
  const sessions = new OnnxModelSessions(new ModelStore(OCR_MODELS, { env: {} }));
  const readers = {
    withPresenceStep: new TextAnalyzer(),
    withoutPresenceStep: new TextAnalyzer(undefined, { presenceMaxSide: 0 }),
  };
  try {
    const photos = await Promise.all(NO_TEXT.map(async (file) => decodeImage(fs.readFileSync(file))));
    const ms = { withPresenceStep: 0, withoutPresenceStep: 0 };
    const perPhoto = NO_TEXT.map((file) => ({
      photo: path.basename(file),
      withPresenceStepMs: 0,
      withoutPresenceStepMs: 0,
    }));
    let textRead = 0;
    // Sessions are created on the first call: not part of either measurement.
    for (const name of Object.keys(readers)) await readers[name].analyze(photos[0], sessions);
    for (let round = 0; round < rounds; round++) {
      for (const [index, photo] of photos.entries()) {
        for (const name of Object.keys(readers)) {
          const started = process.hrtime.bigint();
          const signal = await readers[name].analyze(photo, sessions);
          const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
          ms[name] += elapsed;
          perPhoto[index][`${name}Ms`] += elapsed / rounds;
          if (name === 'withPresenceStep') textRead += signal.text.length;
        }
      }
    }
    const truth = JSON.parse(fs.readFileSync(path.join(TEXT_DIR, 'ground-truth.json'), 'utf8'));
    const cer = {};
    for (const name of Object.keys(readers)) {
      let edits = 0;
      let chars = 0;
      for (const [file, expectedText] of Object.entries(truth)) {
        const expected = normalizeWhitespace(expectedText);
        if (expected === '') continue;
        const signal = await readers[name].analyze(
          await decodeImage(fs.readFileSync(path.join(TEXT_DIR, file))),
          sessions,
        );
        edits += editDistance(normalizeWhitespace(signal.text), expected);
        chars += Array.from(expected).length;
      }
      cer[name] = { cer: +(edits / chars).toFixed(4), edits, chars };
    }
    const images = rounds * photos.length;
    return {
      photosWithoutText: NO_TEXT.map((file) => path.basename(file)),
      ocrMsPerPhoto: {
        withPresenceStep: +(ms.withPresenceStep / images).toFixed(1),
        withoutPresenceStep: +(ms.withoutPresenceStep / images).toFixed(1),
      },
      ocrTimeSaved: +(1 - ms.withPresenceStep / ms.withoutPresenceStep).toFixed(3),
      // A photo whose time barely drops was sent on to full OCR: the presence step saw a line-like region.
      perPhoto: perPhoto.map((row) => ({
        ...row,
        withPresenceStepMs: Math.round(row.withPresenceStepMs),
        withoutPresenceStepMs: Math.round(row.withoutPresenceStepMs),
      })),
      charactersReadOnPhotosWithoutText: textRead,
      textImagesCer: cer,
    };
  } finally {
    await sessions.close();
  }
}

async function main() {
  const rounds = option('rounds', 2);
  const concurrency = option('concurrency', 2);
  const repeats = option('repeats', 2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'allocator-bench-'));
  try {
    const photos = [
      ...fs
        .readdirSync(PHOTO_DIR)
        .filter((name) => name.endsWith('.jpg'))
        .map((name) => path.join(PHOTO_DIR, name)),
      ...fs
        .readdirSync(TEXT_DIR)
        .filter((name) => /\.(png|jpe?g)$/.test(name))
        .map((name) => path.join(TEXT_DIR, name)),
      await twelveMegapixelPhoto(tmp),
    ];
    const report = {
      machine: `${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
      photos: photos.length,
      imagesPerRun: photos.length * rounds,
      allocators: await allocatorPart(photos, rounds, concurrency, repeats),
      ocr: await ocrPart(rounds),
    };
    const shipped = report.allocators[0];
    report.targets = {
      shippedCpuVsBest: `${shipped.cpuVsBest} (≤ 1.1)`,
      shippedPeakRssMb: `${shipped.peakRssMb} (≤ 600)`,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
