#!/usr/bin/env node
'use strict';
/**
 * Would a site owner publish the engine's alt text as it is? Scores every picture of the labelled quality
 * set (libs/tagging/fixtures/quality) against a person's labels: the alt text is accepted when it names the
 * subject and makes no false claim. Also counts colour-only or empty alt texts, "No clear subject" titles,
 * the subject among the tags, safety labels among the tags, and how well `review.needed` marks wrong results.
 *
 * The set has a fixed split: tune on `tune`; `holdout` is for reporting only, so for it this prints totals
 * and never a picture's output. An evaluation, not a test: it reports figures and never fails on them.
 * Needs the built library (`npx tsc -b libs/tagging`) and the ImageNet pack (TAGPHOTO_MODEL_DIR).
 *
 *   node tools/eval/quality-eval.js [--split tune|holdout|all] [--details] [--json]
 */
const fs = require('node:fs');
const path = require('node:path');
const { wordPattern } = require('./word-pattern');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SET_DIR = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality');

const SAFETY_WORDS = ['explicit content', 'suggestive content', 'safe', 'questionable', 'unsafe', 'nsfw'];
const NO_SUBJECT = /^no clear subject$/i;
const COLOUR_ONLY = /^(dominant colou?rs?|colou?rs?)\b/i;

function parseArgs(argv) {
  const args = { split: 'tune', details: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--split') args.split = argv[++i];
    else if (argv[i] === '--details') args.details = true;
    else if (argv[i] === '--json') args.json = true;
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: quality-eval.js [--split tune|holdout|all] [--details] [--json]`,
      );
  }
  if (!['tune', 'holdout', 'all'].includes(args.split))
    throw new Error(`--split must be tune, holdout or all, not ${args.split}`);
  if (args.details && args.split !== 'tune') throw new Error('--details shows pictures, so only for --split tune');
  return args;
}

/** The labels of a split of the set (`tune`, `holdout` or `all`), in the set's order. */
function labelsOf(split) {
  const labels = JSON.parse(fs.readFileSync(path.join(SET_DIR, 'labels.json'), 'utf8'));
  return labels.filter((label) => split === 'all' || label.split === split);
}

/** The bytes of a labelled picture. */
function pictureOf(label) {
  return fs.readFileSync(path.join(SET_DIR, label.file));
}

function mentions(text, words) {
  return words.filter((word) => wordPattern(word, { plural: true }).test(text));
}

/** Words of a claim that the labels call false (a person's list, written before tuning). */
function falseClaims(text, label) {
  return [...new Set(mentions(text, label.false ?? []))];
}

function scorePicture(label, result) {
  const alt = result.altText.trim();
  const named = mentions(alt, label.subject).length > 0;
  const claims = falseClaims(`${alt}\n${result.title}`, label);
  const tagText = result.tags.map((tag) => tag.label).join('\n');
  const accepted = named && claims.length === 0;
  return {
    file: label.file,
    kind: label.kind,
    accepted,
    named,
    falseClaims: claims,
    colourOnly: alt === '' || COLOUR_ONLY.test(alt),
    noSubjectTitle: NO_SUBJECT.test(result.title.trim()),
    subjectInTags: mentions(tagText, label.subject).length > 0,
    safetyTags: result.tags
      .filter((tag) => tag.source === 'safety' || mentions(tag.label, SAFETY_WORDS).length > 0)
      .map((t) => t.label),
    review: result.review ?? { needed: false, reasons: [] },
    altText: alt,
    title: result.title,
    description: result.description,
    tags: result.tags.slice(0, 8).map((tag) => `${tag.label} ${tag.confidence}`),
  };
}

function share(count, total) {
  return total === 0 ? 0 : count / total;
}

function summarize(scored) {
  const n = scored.length;
  const count = (predicate) => scored.filter(predicate).length;
  const wrong = scored.filter((s) => !s.accepted);
  const flagged = scored.filter((s) => s.review.needed);
  return {
    pictures: n,
    accepted: count((s) => s.accepted),
    falseClaims: count((s) => s.falseClaims.length > 0),
    colourOnlyOrEmpty: count((s) => s.colourOnly),
    noSubjectTitles: count((s) => s.noSubjectTitle),
    subjectInTags: count((s) => s.subjectInTags),
    safetyLabelsInTags: count((s) => s.safetyTags.length > 0),
    flagged: flagged.length,
    flaggedAndWrong: flagged.filter((s) => !s.accepted).length,
    wrong: wrong.length,
    wrongFlagged: wrong.filter((s) => s.review.needed).length,
  };
}

function percent(part, whole) {
  return `${(share(part, whole) * 100).toFixed(1)}%`;
}

function printSummary(out, name, t) {
  out.write(`${name}: ${t.pictures} pictures\n`);
  out.write(
    `  alt text accepted (names the subject, no false claim): ${t.accepted}/${t.pictures} = ${percent(t.accepted, t.pictures)}\n`,
  );
  out.write(
    `  false claims in alt text or title:                   ${t.falseClaims} = ${percent(t.falseClaims, t.pictures)}\n`,
  );
  out.write(`  colour-only or empty alt texts:                      ${t.colourOnlyOrEmpty}\n`);
  out.write(`  "No clear subject" titles:                           ${t.noSubjectTitles}\n`);
  out.write(
    `  subject found in tags:                               ${t.subjectInTags}/${t.pictures} = ${percent(t.subjectInTags, t.pictures)}\n`,
  );
  out.write(`  safety labels among tags:                            ${t.safetyLabelsInTags}\n`);
  out.write(`  flagged for review:                                  ${t.flagged} = ${percent(t.flagged, t.pictures)}`);
  out.write(`; of those actually wrong: ${t.flaggedAndWrong} = ${percent(t.flaggedAndWrong, t.flagged)}\n`);
  out.write(
    `  wrong results flagged:                               ${t.wrongFlagged}/${t.wrong} = ${percent(t.wrongFlagged, t.wrong)}\n`,
  );
}

function printKinds(out, scored) {
  const kinds = [...new Set(scored.map((s) => s.kind))].sort();
  out.write('  by kind (accepted/pictures, false claims):');
  for (const kind of kinds) {
    const t = summarize(scored.filter((s) => s.kind === kind));
    out.write(` ${kind} ${t.accepted}/${t.pictures}${t.falseClaims ? ` (${t.falseClaims} false)` : ''};`);
  }
  out.write('\n');
}

function printDetails(out, scored) {
  for (const s of scored) {
    const mark = s.accepted ? 'ok   ' : s.falseClaims.length > 0 ? 'FALSE' : 'miss ';
    const review = s.review.needed ? ` [review: ${s.review.reasons.join('; ')}]` : '';
    out.write(
      `${mark} ${s.file} (${s.kind})${s.falseClaims.length ? ` false: ${s.falseClaims.join(', ')}` : ''}${review}\n`,
    );
    out.write(
      `      alt: ${s.altText}\n      title: ${s.title} | tags: ${s.tags.join(', ')}\n      description: ${s.description}\n`,
    );
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { TaggingEngine } = require(path.join(REPO_ROOT, 'libs', 'tagging', 'dist'));
  const chosen = labelsOf(args.split);
  const engine = await TaggingEngine.create({});
  if (!engine.availableAnalyzers().includes('labels')) {
    process.stderr.write(
      'quality-eval: the ImageNet pack is missing (set TAGPHOTO_MODEL_DIR); figures would not be those users get\n',
    );
  }
  try {
    const scored = [];
    for (const label of chosen) {
      const result = await engine.analyze(pictureOf(label), { language: 'en' });
      scored.push(scorePicture(label, result));
    }
    const totals = summarize(scored);
    if (args.json) {
      const report = { split: args.split, analyzers: engine.availableAnalyzers(), totals };
      if (args.details) report.pictures = scored;
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    if (args.details) printDetails(process.stdout, scored);
    printSummary(process.stdout, `split ${args.split}`, totals);
    printKinds(process.stdout, scored);
  } finally {
    await engine.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`quality-eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

module.exports = { falseClaims, labelsOf, mentions, parseArgs, percent, pictureOf, scorePicture, summarize };
