#!/usr/bin/env node
'use strict';
/**
 * How the composer's thresholds were calibrated, reproducibly: on the `tune` part of the quality set only, each
 * setting of SUBJECT_SETTINGS and PICTURE_SETTINGS is tried at values around its own while the others keep theirs,
 * and each try is scored like tools/eval/quality-eval.js (accepted alt texts, false claims, wrong results flagged).
 * The analyzers run once per picture; only composing is repeated. The holdout part is never read here.
 *
 * Needs the built library (`npx tsc -b libs/tagging`) and the ImageNet pack (TAGPHOTO_MODEL_DIR).
 *
 *   node tools/eval/calibrate.js [--setting <name>]...
 */
const path = require('node:path');
const { labelsOf, pictureOf, scorePicture, summarize } = require('./quality-eval');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Each setting is tried at these multiples of its shipped value. */
const FACTORS = [0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5];

/** Values to try around `current`: shares stay within (0, 1], counts stay whole numbers of at least 1. */
function candidateValues(current) {
  const isCount = Number.isInteger(current) && current > 1;
  const values = FACTORS.map((factor) => {
    const value = current * factor;
    return isCount ? Math.max(1, Math.round(value)) : Math.round(Math.min(1, value) * 1000) / 1000;
  });
  return [...new Set(values)].filter((value) => value > 0).sort((a, b) => a - b);
}

function parseArgs(argv) {
  const settings = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--setting') settings.push(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: calibrate.js [--setting <name>]...`);
  }
  return { settings };
}

/** Scores every picture's composed result under the settings as they are now. */
function scoreAll(pictures, compose) {
  return summarize(pictures.map(({ label, signals }) => scorePicture(label, compose(signals, { language: 'en' }))));
}

function row(value, totals, shipped) {
  const mark = shipped ? '*' : ' ';
  return (
    `  ${mark} ${String(value).padEnd(7)} accepted ${String(totals.accepted).padStart(3)}/${totals.pictures}` +
    `  false claims ${String(totals.falseClaims).padStart(2)}  flagged ${String(totals.flagged).padStart(3)}` +
    `  wrong flagged ${totals.wrongFlagged}/${totals.wrong}\n`
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dist = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
  const { TaggingEngine } = require(dist);
  const { compose } = require(path.join(dist, 'compose', 'composer'));
  // The composer reads these objects when it runs, so a try sets one value, composes and puts the value back.
  const groups = {
    SUBJECT_SETTINGS: require(path.join(dist, 'compose', 'subject')).SUBJECT_SETTINGS,
    PICTURE_SETTINGS: require(path.join(dist, 'compose', 'picture')).PICTURE_SETTINGS,
  };
  const labels = labelsOf('tune');
  const engine = await TaggingEngine.create({});
  if (!engine.availableAnalyzers().includes('labels')) {
    throw new Error('the ImageNet pack is missing (set TAGPHOTO_MODEL_DIR): calibrating without it would mislead');
  }
  const pictures = [];
  try {
    for (const label of labels) {
      const { signals } = await engine.signals(pictureOf(label));
      pictures.push({ label, signals });
    }
  } finally {
    await engine.close();
  }
  const out = process.stdout;
  out.write(`tune part: ${pictures.length} pictures; * marks the shipped value\n`);
  for (const [groupName, settings] of Object.entries(groups)) {
    for (const [name, shipped] of Object.entries(settings)) {
      if (args.settings.length > 0 && !args.settings.includes(name)) continue;
      out.write(`${groupName}.${name}\n`);
      for (const value of candidateValues(shipped)) {
        settings[name] = value;
        try {
          out.write(row(value, scoreAll(pictures, compose), value === shipped));
        } finally {
          settings[name] = shipped;
        }
      }
    }
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`calibrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

module.exports = { candidateValues };
