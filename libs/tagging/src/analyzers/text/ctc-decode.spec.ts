import { decodeCtcGreedy } from './ctc-decode';

const CHARACTERS = ['a', 'b', ' '];

/** One row per time step: the probability of [blank, a, b, space]. */
function steps(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

describe('decodeCtcGreedy', () => {
  it('collapses repeated classes and drops blanks', () => {
    const probabilities = steps([
      [0.1, 0.8, 0.05, 0.05],
      [0.1, 0.7, 0.1, 0.1],
      [0.9, 0.05, 0.05, 0],
      [0.1, 0.1, 0.1, 0.7],
      [0.2, 0.1, 0.6, 0.1],
    ]);
    const line = decodeCtcGreedy(probabilities, 5, 4, CHARACTERS);
    expect(line.text).toBe('a b');
    expect(line.confidence).toBeCloseTo((0.8 + 0.7 + 0.6) / 3);
  });

  it('keeps a doubled letter when a blank separates the two', () => {
    const probabilities = steps([
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
    expect(decodeCtcGreedy(probabilities, 3, 4, CHARACTERS).text).toBe('aa');
  });

  it('reads nothing, with zero confidence, from all-blank steps', () => {
    expect(decodeCtcGreedy(steps([[1, 0, 0, 0]]), 1, 4, CHARACTERS)).toEqual({ text: '', confidence: 0 });
  });
});
