#!/usr/bin/env node
'use strict';
/**
 * How far can rules over these models go? For each picture of the labelled quality set, this asks whether any word
 * the models offer would have been an accepted alt text: it names the subject and is no false claim. The words
 * offered are the English names of the classifier's top classes (on the whole frame, and on the trimmed object of a
 * product shot), of their categories (the general words: "a dog", "an animal"), and of every detected object, at
 * any confidence; in one more row, also every kind and scene word the composer has ("an artwork", "a lake"). A
 * picture counts as reachable when the engine's own alt text is accepted or one such word would be. The figure is
 * an upper bound: it picks the right word with knowledge no rule has, and never pays for a guess with a false claim.
 *
 * As quality-eval.js, it prints only totals for the holdout part; `--details` (tune part only) lists the pictures
 * that no word of the first five guesses or of a detection names. Needs the built library (`npx tsc -b libs/tagging`)
 * and the ImageNet pack (TAGPHOTO_MODEL_DIR).
 *
 *   node tools/eval/ceiling.js [--split tune|holdout|all] [--details]
 */
const path = require('node:path');
const { falseClaims, labelsOf, mentions, parseArgs, percent, pictureOf, scorePicture } = require('./quality-eval');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
/** How many of the classifier's classes count as offered: its first guess, its first three, its first five. */
const DEPTHS = [1, 3, 5];

/**
 * The English words the models offer at a depth: the names of the top `depth` classes of each classifier run and of
 * their categories, and of every detected object. `englishOf` turns a class, category or COCO key into its noun.
 */
function offeredWords(signals, depth, { englishOf, categoriesOf }) {
  const words = [];
  for (const classes of [signals.labels?.labels ?? [], signals.labels?.object ?? []]) {
    for (const { index, label } of classes.slice(0, depth)) {
      words.push(englishOf(label), ...categoriesOf(index).map(englishOf));
    }
  }
  for (const { label } of signals.objects?.objects ?? []) words.push(englishOf(label));
  return [...new Set(words)];
}

/** Whether a word, standing alone as the subject, names the picture's subject without a false claim. */
function wouldBeAccepted(word, label) {
  return mentions(word, label.subject).length > 0 && falseClaims(word, label).length === 0;
}

async function main() {
  const { split, details, json } = parseArgs(process.argv.slice(2));
  if (json) throw new Error("--json is quality-eval.js's; ceiling.js prints text only");

  const { TaggingEngine } = require(DIST);
  const { compose } = require(path.join(DIST, 'compose', 'composer'));
  const { LANGUAGE_PACKS } = require(path.join(DIST, 'compose', 'i18n'));
  const { IMAGENET_CATEGORIES } = require(path.join(DIST, 'labels', 'imagenet-categories'));
  const { nouns, imagenet, kinds, scenes } = LANGUAGE_PACKS.en;
  const vocabulary = {
    englishOf: (key) => nouns[key]?.one ?? imagenet[key] ?? key,
    categoriesOf: (index) => IMAGENET_CATEGORIES[index] ?? [],
  };
  // What the composer can say of a picture without a class: its kind (not the plain "picture") and its scene.
  const pictureWords = [...Object.entries(kinds).filter(([kind]) => kind !== 'picture'), ...Object.entries(scenes)].map(
    ([, words]) => words.alt.replace(/^(?:an?|the) /, ''),
  );
  // Each row's words, from the words offered at each depth.
  const offers = [
    ["the classifier's first guess", (byDepth) => byDepth.get(1)],
    ...DEPTHS.slice(1).map((depth) => [`its first ${depth} guesses`, (byDepth) => byDepth.get(depth)]),
    ['its first guess, or any kind or scene', (byDepth) => [...byDepth.get(1), ...pictureWords]],
  ];
  const labels = labelsOf(split);
  const engine = await TaggingEngine.create({});
  if (!engine.availableAnalyzers().includes('labels'))
    throw new Error('the ImageNet pack is missing: set TAGPHOTO_MODEL_DIR (see README)');
  let accepted = 0;
  const reachable = offers.map(() => 0);
  const unreachable = [];
  try {
    for (const label of labels) {
      const { signals } = await engine.signals(pictureOf(label));
      const acceptedNow = scorePicture(label, compose(signals, { language: 'en' })).accepted;
      if (acceptedNow) accepted += 1;
      const byDepth = new Map(DEPTHS.map((depth) => [depth, offeredWords(signals, depth, vocabulary)]));
      offers.forEach(([, wordsOf], i) => {
        if (acceptedNow || wordsOf(byDepth).some((word) => wouldBeAccepted(word, label))) reachable[i] += 1;
      });
      const deepest = byDepth.get(DEPTHS.at(-1));
      if (!acceptedNow && !deepest.some((word) => wouldBeAccepted(word, label)))
        unreachable.push(`${label.file} (${label.kind}): ${deepest.join(', ')}`);
    }
  } finally {
    await engine.close();
  }
  const of = (count) => `${count}/${labels.length} = ${percent(count, labels.length)}`;
  console.log(`split ${split}: ${labels.length} pictures`);
  console.log(`  ${'alt text accepted now:'.padEnd(56)} ${of(accepted)}`);
  offers.forEach(([name], i) => console.log(`  ${`reachable from ${name}:`.padEnd(56)} ${of(reachable[i])}`));
  if (details) for (const line of unreachable) console.log(`  no class or detection names ${line}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`ceiling: ${error.message}`);
    process.exitCode = 1;
  });
}

module.exports = { offeredWords, wouldBeAccepted };
