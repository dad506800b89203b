#!/usr/bin/env node
'use strict';
/**
 * Character error rate of the engine's OCR on the text fixtures, against their ground truth
 * (whitespace collapsed on both sides, so layout does not count as errors). An evaluation, not a test.
 * Needs the built library: `npx tsc -b libs/tagging` first.
 *
 *   node tools/eval/ocr-eval.js [--json] [--dir libs/tagging/fixtures/text]
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const DEFAULT_DIR = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'text');
const IMAGE = /\.(png|jpe?g)$/i;

function parseArgs(argv) {
  const args = { json: false, dir: DEFAULT_DIR };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--dir') args.dir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: ocr-eval.js [--json] [--dir <folder>]`);
  }
  return args;
}

/** Micro-averaged CER over files that have text; text read on text-free images is reported apart. */
function summarize(files) {
  const withText = files.filter((file) => file.truthChars > 0);
  const errors = withText.reduce((sum, file) => sum + file.distance, 0);
  const chars = withText.reduce((sum, file) => sum + file.truthChars, 0);
  const meanCer = withText.reduce((sum, file) => sum + file.cer, 0) / Math.max(1, withText.length);
  const falseChars = files.filter((file) => file.truthChars === 0).reduce((sum, file) => sum + file.readChars, 0);
  return { files: withText.length, errors, chars, cer: chars === 0 ? 0 : errors / chars, meanCer, falseChars };
}

function printTable(report) {
  const out = process.stdout;
  const width = Math.max(...report.files.map((file) => file.file.length));
  out.write(`${'file'.padEnd(width)}  ${'CER'.padStart(7)}  ${'edits'.padStart(5)}  ${'chars'.padStart(5)}  read\n`);
  for (const file of report.files) {
    const cer = file.truthChars === 0 ? '(none)' : `${(file.cer * 100).toFixed(2)}%`;
    const read = file.read.length > 60 ? `${file.read.slice(0, 57)}...` : file.read;
    out.write(`${file.file.padEnd(width)}  ${cer.padStart(7)}  ${String(file.distance).padStart(5)}  `);
    out.write(`${String(file.truthChars).padStart(5)}  ${JSON.stringify(read)}\n`);
  }
  const t = report.totals;
  out.write(
    `\noverall CER ${(t.cer * 100).toFixed(2)}% (${t.errors} edits / ${t.chars} characters, ${t.files} files);`,
  );
  out.write(
    ` mean per-file CER ${(t.meanCer * 100).toFixed(2)}%; characters read on text-free images: ${t.falseChars}\n`,
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { TaggingEngine } = require(DIST);
  const { characterErrorRate, editDistance, normalizeWhitespace } = require(
    path.join(DIST, 'analyzers', 'text', 'cer.js'),
  );
  const truth = JSON.parse(fs.readFileSync(path.join(args.dir, 'ground-truth.json'), 'utf8'));
  const images = fs
    .readdirSync(args.dir)
    .filter((name) => IMAGE.test(name))
    .sort();
  const unlabelled = images.filter((name) => !(name in truth));
  if (unlabelled.length > 0) throw new Error(`no ground truth for ${unlabelled.join(', ')} in ground-truth.json`);
  const engine = await TaggingEngine.create({});
  try {
    const files = [];
    for (const file of images) {
      const result = await engine.analyze(fs.readFileSync(path.join(args.dir, file)), { analyzers: ['text'] });
      const read = normalizeWhitespace(result.text);
      const expected = normalizeWhitespace(truth[file]);
      files.push({
        file,
        cer: characterErrorRate(read, expected),
        distance: editDistance(read, expected),
        truthChars: Array.from(expected).length,
        readChars: Array.from(read).length,
        read,
        truth: expected,
      });
    }
    const report = { files, totals: summarize(files) };
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
  } finally {
    await engine.close();
  }
}

main().catch((error) => {
  process.stderr.write(`ocr-eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
