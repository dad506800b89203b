/** Which words tools/eval/ceiling.js counts as offered by the models, and when one would have been accepted. */
const { offeredWords, wouldBeAccepted } = require('./ceiling.js') as {
  offeredWords(
    signals: object,
    depth: number,
    vocabulary: { englishOf(key: string): string; categoriesOf(index: number): string[] },
  ): string[];
  wouldBeAccepted(word: string, label: { subject: string[]; false?: string[] }): boolean;
};

const vocabulary = {
  englishOf: (key: string) => ({ tabby: 'tabby cat', bird: 'bird' })[key] ?? key,
  categoriesOf: (index: number) =>
    ({ 281: ['cat', 'animal'], 14: ['bird', 'animal'], 1: ['fish', 'animal'] })[index] ?? [],
};
const signals = {
  labels: {
    labels: [
      { index: 281, label: 'tabby', confidence: 0.4 },
      { index: 14, label: 'indigo bunting', confidence: 0.3 },
    ],
    object: [{ index: 1, label: 'goldfish', confidence: 0.2 }],
  },
  objects: { objects: [{ label: 'bird', confidence: 0.1 }] },
};

describe('ceiling', () => {
  it('offers the top classes of the frame and of the trimmed object, their categories, and every detection', () => {
    expect(offeredWords(signals, 1, vocabulary)).toEqual(['tabby cat', 'cat', 'animal', 'goldfish', 'fish', 'bird']);
    expect(offeredWords(signals, 3, vocabulary)).toEqual([
      'tabby cat',
      'cat',
      'animal',
      'indigo bunting',
      'bird',
      'goldfish',
      'fish',
    ]);
    expect(offeredWords({}, 5, vocabulary)).toEqual([]);
  });

  it('accepts a word that names the subject and is no false claim', () => {
    const label = { subject: ['cat', 'kitten'], false: ['dog', 'tiger cat'] };
    expect(wouldBeAccepted('cat', label)).toBe(true);
    expect(wouldBeAccepted('tabby cat', label)).toBe(true);
    expect(wouldBeAccepted('animal', label)).toBe(false);
    expect(wouldBeAccepted('tiger cat', label)).toBe(false);
  });
});
