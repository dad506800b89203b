import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const EVAL_DIR = join(__dirname, '../../libs/tagging/fixtures/eval');
const MAX_BYTES = 80 * 1024;

interface LabelledPhoto {
  file: string;
  expect: string[][];
}

const scoring = require('./concepts-eval.js') as {
  matchConcept(words: string[], texts: string[]): string | null;
};

const labels: LabelledPhoto[] = JSON.parse(readFileSync(join(EVAL_DIR, 'labels.json'), 'utf8'));
const photosOnDisk = readdirSync(EVAL_DIR).filter((name) => /\.(jpe?g|png)$/i.test(name));
const licences = readFileSync(join(EVAL_DIR, 'LICENSES.md'), 'utf8');
const labelledFiles = labels.map((photo) => photo.file);

describe('concept evaluation set', () => {
  it('labels every photo in the folder once, and only photos that exist', () => {
    expect(new Set(labelledFiles).size).toBe(labelledFiles.length);
    expect([...labelledFiles].sort()).toEqual([...photosOnDisk].sort());
  });

  it('holds at least 20 photos', () => {
    expect(labels.length).toBeGreaterThanOrEqual(20);
  });

  it.each(labelledFiles)('keeps %s small: a JPEG of at most 80 KB and 512 px', async (file) => {
    const path = join(EVAL_DIR, file);
    expect(statSync(path).size).toBeLessThanOrEqual(MAX_BYTES);
    const { format, width = 0, height = 0 } = await sharp(path).metadata();
    expect(format).toBe('jpeg');
    expect(Math.max(width, height)).toBeLessThanOrEqual(512);
  });

  it('expects at least one concept per photo, each with non-empty words', () => {
    for (const photo of labels) {
      expect(photo.expect.length).toBeGreaterThanOrEqual(1);
      for (const words of photo.expect) {
        expect(words.length).toBeGreaterThanOrEqual(1);
        expect(words.every((word) => word.trim().length > 0)).toBe(true);
      }
    }
  });

  it('names the source and licence of every photo in LICENSES.md', () => {
    const rows = licences.split('\n').filter((line) => line.startsWith('| '));
    const missing = labelledFiles.filter((file) => !rows.some((row) => row.startsWith(`| ${file} | `)));
    expect(missing).toEqual([]);
  });
});

describe('concept matching', () => {
  it('finds a concept by any of its words, whole words only, ignoring case', () => {
    expect(scoring.matchConcept(['kitten', 'cat'], ['Tabby Cat'])).toBe('cat');
    expect(scoring.matchConcept(['cat'], ['concatenated', 'category'])).toBeNull();
  });

  it('finds a phrase across a hyphen or line break', () => {
    expect(scoring.matchConcept(['circuit board'], ['a green circuit-board'])).toBe('circuit board');
    expect(scoring.matchConcept(['no parking'], ['NO\nPARKING'])).toBe('no parking');
  });

  it("reads a word with or without its apostrophe: the engine's jack-o'-lantern is a labelled jack-o-lantern", () => {
    expect(scoring.matchConcept(['jack-o-lantern'], ["A jack-o'-lantern on a white background"])).toBe(
      'jack-o-lantern',
    );
    expect(scoring.matchConcept(["jack-o'-lantern"], ['a carved jack-o-lantern'])).toBe("jack-o'-lantern");
    expect(scoring.matchConcept(["o'clock"], ['five oclock shadow'])).toBe("o'clock");
    expect(scoring.matchConcept(['jack-o-lantern'], ['jacko-lantern'])).toBeNull();
  });
});
