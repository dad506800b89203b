/** The values tools/eval/calibrate.js tries around a shipped setting. */
const { candidateValues } = require('./calibrate.js') as { candidateValues(current: number): number[] };

describe('calibration values', () => {
  it('tries a share around its shipped value, never above 1, in order and once each', () => {
    expect(candidateValues(0.6)).toEqual([0.3, 0.45, 0.54, 0.6, 0.66, 0.75, 0.9]);
    expect(candidateValues(0.95)).toEqual([0.475, 0.712, 0.855, 0.95, 1]);
  });

  it('keeps a count a whole number of at least one', () => {
    expect(candidateValues(8)).toEqual([4, 6, 7, 8, 9, 10, 12]);
    expect(candidateValues(2)).toEqual([1, 2, 3]);
  });
});
