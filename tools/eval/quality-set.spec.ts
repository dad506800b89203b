import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The labelled quality set and the scoring of tools/eval/quality-eval.js. */
const SET_DIR = join(__dirname, '../../libs/tagging/fixtures/quality');
/** sha256 (first 16 hex digits) of the sorted holdout file names: the split the set was written with. */
const HOLDOUT_FINGERPRINT = '95b1406abdba55b5';
const KINDS = [
  'product',
  'animal',
  'food',
  'vehicle',
  'people',
  'landscape',
  'building',
  'art',
  'illustration',
  'screenshot',
  'document',
  'plant',
  'object',
];

interface Label {
  file: string;
  source: string;
  kind: string;
  split: 'tune' | 'holdout';
  people: number;
  subject: string[];
  true: string[];
  false: string[];
}

const scoring = require('./quality-eval.js') as {
  mentions(text: string, words: string[]): string[];
  scorePicture(
    label: Label,
    result: unknown,
  ): { accepted: boolean; named: boolean; falseClaims: string[]; colourOnly: boolean; noSubjectTitle: boolean };
};

const labels: Label[] = JSON.parse(readFileSync(join(SET_DIR, 'labels.json'), 'utf8'));
const onDisk = readdirSync(SET_DIR).filter((name) => /\.(jpe?g|png)$/i.test(name));
const licences = readFileSync(join(SET_DIR, 'LICENSES.md'), 'utf8');

describe('quality set', () => {
  it('labels every picture in the folder once, and only pictures that exist', () => {
    const files = labels.map((label) => label.file);
    expect(new Set(files).size).toBe(files.length);
    expect([...files].sort()).toEqual([...onDisk].sort());
  });

  it('holds at least 150 pictures from at least five sources, every kind in both parts of the split', () => {
    expect(labels.length).toBeGreaterThanOrEqual(150);
    expect(new Set(labels.map((label) => label.source)).size).toBeGreaterThanOrEqual(5);
    for (const kind of KINDS) {
      expect(labels.filter((l) => l.kind === kind && l.split === 'tune').length).toBeGreaterThanOrEqual(5);
      expect(labels.filter((l) => l.kind === kind && l.split === 'holdout').length).toBeGreaterThanOrEqual(5);
    }
    expect(labels.every((label) => KINDS.includes(label.kind))).toBe(true);
  });

  it('gives every picture subject words and false words, none both', () => {
    for (const label of labels) {
      expect(label.subject.length).toBeGreaterThan(0);
      expect(label.false.length).toBeGreaterThan(0);
      const subject = new Set(label.subject.map((w) => w.toLowerCase()));
      expect(label.false.filter((word) => subject.has(word.toLowerCase()))).toEqual([]);
    }
  });

  it('keeps its holdout part fixed: the split is the one the set was written with', () => {
    const holdout = labels
      .filter((l) => l.split === 'holdout')
      .map((l) => l.file)
      .sort()
      .join('\n');
    expect(createHash('sha256').update(holdout).digest('hex').slice(0, 16)).toBe(HOLDOUT_FINGERPRINT);
  });

  it('names the source and licence of every picture in LICENSES.md', () => {
    const rows = licences.split('\n').filter((line) => line.startsWith('| '));
    expect(
      labels.filter((label) => !rows.some((row) => row.startsWith(`| ${label.file} | `))).map((l) => l.file),
    ).toEqual([]);
  });
});

describe('quality scoring', () => {
  const daffodil: Label = {
    file: 'daffodil.jpg',
    source: 'test',
    kind: 'plant',
    split: 'tune',
    people: 0,
    subject: ['daffodil', 'flower'],
    true: ['garden'],
    false: ['person', 'people', 'bird'],
  };
  const result = (altText: string, title = 'Flower') => ({
    altText,
    title,
    description: '',
    tags: [],
    review: { needed: false, reasons: [] },
  });

  it('accepts an alt text that names the subject, also in the plural, and claims nothing false', () => {
    expect(scoring.scorePicture(daffodil, result('Two flowers in a garden')).accepted).toBe(true);
  });

  it('refuses a false claim even beside the subject, in the alt text or the title', () => {
    expect(scoring.scorePicture(daffodil, result('A person with a flower')).falseClaims).toEqual(['person']);
    expect(scoring.scorePicture(daffodil, result('A flower', 'Bird')).accepted).toBe(false);
  });

  it('matches whole words only: "birdhouse" is no bird, "flowering" no flower', () => {
    expect(scoring.mentions('A birdhouse, flowering', ['bird', 'flower'])).toEqual([]);
  });

  it('counts colour-only alt texts and "No clear subject" titles', () => {
    const colours = scoring.scorePicture(daffodil, result('Dominant colours: yellow', 'No clear subject'));
    expect([colours.colourOnly, colours.noSubjectTitle, colours.accepted]).toEqual([true, true, false]);
  });
});
