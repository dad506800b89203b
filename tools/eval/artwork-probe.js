#!/usr/bin/env node
'use strict';
/**
 * Checks the composer's artwork rule on pictures nobody labelled, from Debian's GCompris data: the paintings and
 * prints of its paintings activity (Dürer, Leonardo, Bruegel, Arcimboldo, Hokusai, Hiroshige, Renoir, Cassatt, Van Gogh,
 * Kandinsky, and a photo of Michelangelo's Pietà), which it ships as jigsaw pieces and this script puts back together,
 * and the photos of five other activities (animals, monuments, tools, fish, wind and solar power), which must not
 * become artworks. Further folders of photos (desktop wallpapers, say) may be named after the GCompris folder.
 * Pictures of the labelled quality set are left out. An evaluation, not a test: it prints figures and never fails on
 * them. Needs the built library (`npx tsc -b libs/tagging`) and the ImageNet pack (TAGPHOTO_MODEL_DIR).
 *
 *   apt-get download gcompris-qt-data && dpkg-deb -x gcompris-qt-data_*.deb /tmp/gcompris
 *   node tools/eval/artwork-probe.js /tmp/gcompris/usr/share/gcompris-qt/rcc [photo folder…] [--details]
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'libs', 'tagging', 'dist');
const QUALITY_LICENSES = path.join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'LICENSES.md');
const PHOTO_RESOURCES = [
  'categorization',
  'erase',
  'explore_farm_animals',
  'explore_world_animals',
  'explore_monuments',
];
const PAINTINGS = 'paintings';
const PHOTO_FILE = /\.(jpe?g|png|webp)$/i;

/**
 * The files of a Qt resource file (.rcc): its path → bytes. The format is Qt's (qtbase `rcc.cpp`): a "qres" header
 * with the offsets of a tree of 14-byte entries (22 from version 2 on, with a modification time), of the data and of
 * the names (UTF-16 BE). An entry's flags say directory (2) or zlib-compressed (1, after a 4-byte size).
 */
function readRcc(buffer) {
  if (buffer.toString('latin1', 0, 4) !== 'qres') throw new Error('not a Qt resource file');
  const version = buffer.readUInt32BE(4);
  const [tree, data, names] = [8, 12, 16].map((at) => buffer.readUInt32BE(at));
  const entrySize = version >= 2 ? 22 : 14;
  const nameAt = (offset) => {
    const length = buffer.readUInt16BE(names + offset);
    return Buffer.from(buffer.subarray(names + offset + 6, names + offset + 6 + 2 * length))
      .swap16()
      .toString('utf16le');
  };
  const files = new Map();
  const walk = (index, prefix) => {
    const at = tree + index * entrySize;
    const flags = buffer.readUInt16BE(at + 4);
    const name = index === 0 ? '' : nameAt(buffer.readUInt32BE(at));
    const where = prefix ? `${prefix}/${name}` : name;
    if (flags & 2) {
      const [count, first] = [buffer.readUInt32BE(at + 6), buffer.readUInt32BE(at + 10)];
      for (let child = 0; child < count; child++) walk(first + child, where);
      return;
    }
    const offset = data + buffer.readUInt32BE(at + 10);
    const stored = buffer.subarray(offset + 4, offset + 4 + buffer.readUInt32BE(offset));
    if (flags & ~1) throw new Error(`${where}: compression flags ${flags} are not supported`);
    files.set(where, flags & 1 ? zlib.inflateSync(stored.subarray(4)) : Buffer.from(stored));
  };
  walk(0, '');
  return files;
}

/**
 * The paintings activity's pictures, put back together from their jigsaw pieces at the centres each board gives
 * (`x`, `y` as shares of the board's `width` and `height`), on white, cropped to the pieces. Name → JPEG.
 */
async function assemblePaintings(files) {
  const sharp = require('sharp');
  const paintings = new Map();
  for (const [where, bytes] of files) {
    if (!/\/board\/[^/]+\.qml$/.test(where)) continue;
    const board = bytes.toString('utf8');
    const width = Number(/"width":\s*(\d+)/.exec(board)?.[1]);
    const height = Number(/"height":\s*(\d+)/.exec(board)?.[1]);
    const pieces = [...board.matchAll(/"pixmapfile"\s*:\s*"([^"]+)",\s*"x"\s*:\s*"([\d.]+)",\s*"y"\s*:\s*"([\d.]+)"/g)];
    if (pieces.length === 0) continue;
    const placed = await Promise.all(
      pieces.map(async ([, file, x, y]) => {
        const input = files.get(where.replace(/board\/[^/]+$/, file));
        if (!input) throw new Error(`${where}: no piece ${file}`);
        const { width: w, height: h } = await sharp(input).metadata();
        return { input, left: Math.round(x * width - w / 2), top: Math.round(y * height - h / 2), w, h };
      }),
    );
    const left = Math.min(...placed.map((p) => p.left));
    const top = Math.min(...placed.map((p) => p.top));
    const canvas = {
      width: Math.max(...placed.map((p) => p.left + p.w)) - left,
      height: Math.max(...placed.map((p) => p.top + p.h)) - top,
    };
    const name = path.basename(pieces[0][1]).replace(/[_-][a-f]?\d+\.webp$/, '');
    paintings.set(
      name,
      await sharp({ create: { ...canvas, channels: 3, background: '#ffffff' } })
        .composite(placed.map((p) => ({ input: p.input, left: p.left - left, top: p.top - top })))
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  return paintings;
}

function photosOf(rccDir, folders) {
  const inQualitySet = new Set(
    [...fs.readFileSync(QUALITY_LICENSES, 'utf8').matchAll(/`:(\/gcompris\/[^`]+)`/g)].map((m) => m[1]),
  );
  const photos = new Map();
  for (const resource of PHOTO_RESOURCES) {
    for (const [where, bytes] of readRcc(fs.readFileSync(path.join(rccDir, `${resource}.rcc`)))) {
      if (where.endsWith('.webp') && !inQualitySet.has(`/${where}`))
        photos.set(`${resource}:${path.basename(where)}`, bytes);
    }
  }
  for (const folder of folders) {
    for (const file of fs
      .readdirSync(folder)
      .filter((f) => PHOTO_FILE.test(f))
      .sort()) {
      photos.set(path.join(folder, file), fs.readFileSync(path.join(folder, file)));
    }
  }
  return photos;
}

async function main() {
  const args = process.argv.slice(2);
  const details = args.includes('--details');
  const [rccDir, ...folders] = args.filter((arg) => arg !== '--details');
  if (!rccDir || !fs.existsSync(path.join(rccDir, `${PAINTINGS}.rcc`)) || folders.some((f) => !fs.existsSync(f)))
    throw new Error('usage: artwork-probe.js <extracted …/usr/share/gcompris-qt/rcc> [photo folder…] [--details]');
  const { TaggingEngine } = require(DIST);
  const engine = await TaggingEngine.create({});
  if (!engine.availableAnalyzers().includes('labels'))
    throw new Error('the ImageNet pack is missing: set TAGPHOTO_MODEL_DIR (see README)');
  const altText = async (bytes) => (await engine.analyze(bytes, { language: 'en' })).altText;
  const isArtwork = (alt) => /^An artwork\b/.test(alt);
  try {
    const paintings = await assemblePaintings(readRcc(fs.readFileSync(path.join(rccDir, `${PAINTINGS}.rcc`))));
    const painted = [];
    for (const [name, jpeg] of paintings) painted.push([name, await altText(jpeg)]);
    const photos = photosOf(rccDir, folders);
    const artworks = [];
    for (const [name, bytes] of photos) {
      const alt = await altText(bytes);
      if (isArtwork(alt)) artworks.push(`${name}: ${alt}`);
    }
    const artworkCount = painted.filter(([, alt]) => isArtwork(alt)).length;
    const plain = painted.filter(([, alt]) => /^A picture\b/.test(alt)).length;
    console.log(`GCompris paintings and prints: ${painted.length}`);
    console.log(`  called an artwork:       ${artworkCount}`);
    console.log(`  only "a picture":        ${plain}`);
    console.log(`  named by what they show: ${painted.length - artworkCount - plain}`);
    console.log(`  photos called an artwork: ${artworks.length} of ${photos.size}`);
    if (details) {
      for (const [name, alt] of painted) console.log(`  painting: ${name}: ${alt}`);
      for (const line of artworks) console.log(`  photo: ${line}`);
    }
  } finally {
    await engine.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { readRcc, assemblePaintings };
