import { characterErrorRate, editDistance, normalizeWhitespace } from './cer';

describe('editDistance', () => {
  it('counts one substitution, one insertion and one deletion as one edit each', () => {
    expect(editDistance('kitten', 'sitten')).toBe(1);
    expect(editDistance('kitten', 'kittens')).toBe(1);
    expect(editDistance('kitten', 'kiten')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('treats a character outside the basic plane as one character', () => {
    expect(editDistance('a😀b', 'ab')).toBe(1);
    expect(editDistance('价格', '价钱')).toBe(1);
  });

  it('is the length of the other string when one side is empty', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
  });
});

describe('characterErrorRate', () => {
  it('is zero for an exact reading', () => {
    expect(characterErrorRate('Fresh bread', 'Fresh bread')).toBe(0);
  });

  it('divides the edits by the length of the truth', () => {
    expect(characterErrorRate('Fresh brad', 'Fresh bread')).toBeCloseTo(1 / 11);
    expect(characterErrorRate('', 'abcd')).toBe(1);
  });

  it('is 1 when text is read from an image whose truth is empty', () => {
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('x', '')).toBe(1);
  });
});

describe('normalizeWhitespace', () => {
  it('turns line breaks and repeated spaces into single spaces', () => {
    expect(normalizeWhitespace('  Open\n daily \t 9 to 5 \n')).toBe('Open daily 9 to 5');
  });
});
