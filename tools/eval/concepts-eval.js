#!/usr/bin/env node
'use strict';
/**
 * Concept recall of the tagging engine on a labelled set of real photos: for each photo, which of the
 * concepts a person expects appear in the tags, the title or the description, and the share found overall.
 * An evaluation, not a test: it reports figures and never fails on them. Needs the built library
 * (`npx tsc -b libs/tagging`); set TAGPHOTO_MODEL_DIR to include optional model packs.
 *
 *   node tools/eval/concepts-eval.js [--json] [--dir libs/tagging/fixtures/eval]
 */
const fs = require('node:fs');
const path = require('node:path');
const { wordPattern } = require('./word-pattern');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_DIR = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'eval');

function parseArgs(argv) {
  const args = { json: false, dir: DEFAULT_DIR };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--dir') args.dir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: concepts-eval.js [--json] [--dir <folder>]`);
  }
  return args;
}

/** The first of a concept's words that occurs in any of the texts, or null. */
function matchConcept(words, texts) {
  for (const word of words) {
    const pattern = wordPattern(word);
    if (texts.some((text) => pattern.test(text))) return word;
  }
  return null;
}

/** Per-concept outcome for one photo's result: texts searched are tag labels, title and description. */
function scorePhoto(expect, result) {
  const texts = [...result.tags.map((tag) => tag.label), result.title, result.description];
  return expect.map((words) => ({ words, matched: matchConcept(words, texts) }));
}

function summarize(photos) {
  const expected = photos.reduce((sum, photo) => sum + photo.concepts.length, 0);
  const found = photos.reduce((sum, photo) => sum + photo.concepts.filter((c) => c.matched !== null).length, 0);
  const fullyFound = photos.filter((photo) => photo.concepts.every((c) => c.matched !== null)).length;
  return { photos: photos.length, expected, found, share: expected === 0 ? 0 : found / expected, fullyFound };
}

function printTable(report) {
  const out = process.stdout;
  out.write(`analyzers: ${report.analyzers.join(', ')}\n\n`);
  const width = Math.max(...report.photos.map((photo) => photo.file.length));
  for (const photo of report.photos) {
    const hits = photo.concepts.filter((c) => c.matched !== null).length;
    const found = photo.concepts.filter((c) => c.matched !== null).map((c) => c.matched);
    const missed = photo.concepts.filter((c) => c.matched === null).map((c) => c.words[0]);
    out.write(`${photo.file.padEnd(width)}  ${hits}/${photo.concepts.length}`);
    out.write(`  found: ${found.join(', ') || '-'}  missed: ${missed.join(', ') || '-'}\n`);
    out.write(`${''.padEnd(width)}  title: ${photo.title} | tags: ${photo.tags.join(', ')}\n`);
    out.write(`${''.padEnd(width)}  description: ${photo.description}\n`);
  }
  const t = report.totals;
  out.write(`\nconcepts found: ${t.found}/${t.expected} = ${(t.share * 100).toFixed(1)}%`);
  out.write(` over ${t.photos} photos; all concepts found on ${t.fullyFound} photos\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { TaggingEngine } = require(path.join(REPO_ROOT, 'libs', 'tagging', 'dist'));
  const labels = JSON.parse(fs.readFileSync(path.join(args.dir, 'labels.json'), 'utf8'));
  const engine = await TaggingEngine.create({});
  try {
    const photos = [];
    for (const { file, expect } of labels) {
      const result = await engine.analyze(fs.readFileSync(path.join(args.dir, file)), { language: 'en' });
      photos.push({
        file,
        concepts: scorePhoto(expect, result),
        tags: result.tags.map((tag) => tag.label),
        title: result.title,
        description: result.description,
      });
    }
    const report = { analyzers: engine.availableAnalyzers(), photos, totals: summarize(photos) };
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
  } finally {
    await engine.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`concepts-eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

module.exports = { matchConcept, scorePhoto, summarize };
