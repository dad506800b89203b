#!/usr/bin/env node
'use strict';
/**
 * A second opinion on the composer's bars from pictures nobody labelled: Debian's Tux Paint stamps (cut-outs
 * on transparent backgrounds), whose folders already say what kind of thing each one is (animals/, plants/,
 * food/, vehicles/, hobbies/music/, people/, town/houses/). For each stamp in such a folder the English alt
 * text's subject is put in a family (person, animal, mushroom, plant, food, vehicle, instrument, building) and counted as
 * right, wrong (another family: "a person" for a flower) or none ("a picture", or a thing of no family).
 * A person named on a stamp outside people/ is also counted, in any folder.
 *
 * The stamps in the labelled quality set (libs/tagging/fixtures/quality/LICENSES.md) and the symbols/ folder
 * (letters, signs, money) are left out. With --on-white each stamp is first made into a product shot the way the
 * quality set's cut-outs on white were (trimmed, 12% white margin, ≤640 px, JPEG quality 82). An evaluation, not a
 * test: it prints figures and never fails on them. Needs the built library (`npx tsc -b libs/tagging`) and the
 * ImageNet pack (TAGPHOTO_MODEL_DIR).
 *
 *   apt-get download tuxpaint-stamps-default && dpkg-deb -x tuxpaint-stamps-default_*.deb /tmp/tuxpaint
 *   node tools/eval/stamp-probe.js /tmp/tuxpaint/usr/share/tuxpaint/stamps [--on-white] [--details]
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const QUALITY_LICENSES = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'LICENSES.md');
/** A mushroom is its own family: a fungus, filed under plants/ by Tux Paint and under food by WordNet. */
const FAMILIES = ['person', 'animal', 'mushroom', 'plant', 'food', 'vehicle', 'instrument', 'building'];

/** The family a stamp's folder stands for, or null where the folder does not say (seasonal/, household/…). */
function folderFamily(relative) {
  const [top, sub] = relative.split('/');
  if (top === 'plants' && sub === 'mushrooms') return 'mushroom';
  if (top === 'hobbies' && sub === 'music') return 'instrument';
  if (top === 'military' && sub === 'vehicles') return 'vehicle';
  if (top === 'town' && (sub === 'houses' || sub === 'monuments')) return 'building';
  return { animals: 'animal', plants: 'plant', food: 'food', vehicles: 'vehicle', people: 'person' }[top] ?? null;
}

/**
 * English noun (as the alt text writes it) → canonical key, from the English pack the composer writes with.
 * Category and COCO nouns win over ImageNet class names ("mushroom" is the fungi category, not the food class).
 */
function englishKeys(imagenetLabels) {
  const { LANGUAGE_PACKS } = require(path.join(DIST, 'compose', 'i18n'));
  const { nouns, imagenet } = LANGUAGE_PACKS.en;
  const keys = new Map();
  for (const label of imagenetLabels) keys.set((imagenet[label] ?? label).toLowerCase(), label);
  for (const [key, forms] of Object.entries(nouns)) {
    keys.set(forms.one.toLowerCase(), key);
    keys.set(forms.other.toLowerCase(), key);
  }
  return keys;
}

/** The family of a canonical key: a COCO label's, or the one its ImageNet class or category belongs to. */
function familyOfKey(imagenetLabels) {
  const { IMAGENET_CATEGORIES } = require(path.join(DIST, 'labels', 'imagenet-categories'));
  const { COCO_FAMILY } = require(path.join(DIST, 'compose', 'subject'));
  const families = new Map([
    ['people', 'person'],
    ['group of people', 'person'],
  ]);
  imagenetLabels.forEach((label, index) => {
    const categories = IMAGENET_CATEGORIES[index] ?? [];
    const family = FAMILIES.find((f) => categories.includes(f));
    if (!family) return;
    families.set(label, family);
    for (const category of categories) if (!families.has(category)) families.set(category, family);
  });
  for (const [key, family] of Object.entries(COCO_FAMILY)) if (FAMILIES.includes(family)) families.set(key, family);
  for (const family of FAMILIES) families.set(family, family);
  return (key) => families.get(key) ?? null;
}

/** The subject phrase of an English alt text from the composer's grammar: "A bird on a white background" → "bird". */
function subjectPhrase(altText) {
  const match =
    /^(?:an?|two|three) (?:(?:illustration|artwork) of an? )?(.+?)(?: on a white background| with\b|\.|$)/i.exec(
      altText,
    );
  return match ? match[1].toLowerCase() : null;
}

function stampsOf(dir) {
  const inQualitySet = new Set(
    [...fs.readFileSync(QUALITY_LICENSES, 'utf8').matchAll(/\/usr\/share\/tuxpaint\/stamps\/([^`]+\.png)/g)].map(
      (m) => m[1],
    ),
  );
  const files = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.png') && !child.startsWith('symbols/') && !inQualitySet.has(child))
        files.push(child);
    }
  };
  walk('');
  return files.sort();
}

/** A stamp as a product shot on white, made as the quality set's cut-outs on white were (its LICENSES.md). */
async function onWhite(png) {
  const sharp = require('sharp');
  const { data, info } = await sharp(png).trim({ threshold: 0 }).png().toBuffer({ resolveWithObject: true });
  const margin = Math.round(Math.max(info.width, info.height) * 0.12);
  // Two pipelines: within one, sharp resizes before it extends.
  const framed = await sharp(data)
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#ffffffff' })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
  return sharp(framed).resize(640, 640, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
}

async function main() {
  const [dir, ...flags] = process.argv.slice(2);
  const unknown = flags.filter((flag) => flag !== '--details' && flag !== '--on-white');
  if (!dir || !fs.existsSync(dir) || unknown.length > 0)
    throw new Error('usage: stamp-probe.js <extracted …/usr/share/tuxpaint/stamps> [--on-white] [--details]');
  const details = flags.includes('--details');
  const read = flags.includes('--on-white')
    ? (file) => onWhite(fs.readFileSync(file))
    : async (file) => fs.readFileSync(file);
  const { TaggingEngine } = require(DIST);
  const engine = await TaggingEngine.create({});
  if (!engine.availableAnalyzers().includes('labels'))
    throw new Error('the ImageNet pack is missing: set TAGPHOTO_MODEL_DIR (see README)');
  const { IMAGENET_LABELS } = require(path.join(DIST, 'labels', 'imagenet-labels'));
  const keyOf = englishKeys(IMAGENET_LABELS);
  const familyOf = familyOfKey(IMAGENET_LABELS);
  const counts = { stamps: 0, scored: 0, right: 0, wrong: 0, none: 0, personOutsidePeople: 0 };
  const wrong = [];
  try {
    for (const file of stampsOf(dir)) {
      const result = await engine.analyze(await read(path.join(dir, file)), { language: 'en' });
      const phrase = subjectPhrase(result.altText);
      const named = phrase ? familyOf(keyOf.get(phrase) ?? phrase) : null;
      const expected = folderFamily(file);
      counts.stamps += 1;
      if (named === 'person' && expected !== 'person') counts.personOutsidePeople += 1;
      if (!expected) continue;
      counts.scored += 1;
      if (named === expected) counts.right += 1;
      else if (named === null) counts.none += 1;
      else {
        counts.wrong += 1;
        wrong.push(`${file}: ${result.altText}`);
      }
    }
  } finally {
    await engine.close();
  }
  console.log(`Tux Paint stamps tagged: ${counts.stamps} (left out: symbols/ and the quality set's stamps)`);
  console.log(`  in a folder that names a family: ${counts.scored}`);
  console.log(`    alt text of the right family:  ${counts.right}`);
  console.log(`    alt text of another family:    ${counts.wrong}`);
  console.log(`    no family named:               ${counts.none}`);
  console.log(`  a person named outside people/:  ${counts.personOutsidePeople}`);
  if (details) for (const line of wrong) console.log(`  wrong: ${line}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { folderFamily, subjectPhrase, onWhite };
