import { LAST_USED_RESOLUTION_MS, LastUsedMarks } from './last-used-marks';

describe('LastUsedMarks', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 6) + ms);

  it('writes a key’s first use, then at most one use per resolution', () => {
    const marks = new LastUsedMarks();
    expect(marks.due('key-a', at(0))).toBe(true);
    expect(marks.due('key-a', at(1))).toBe(false);
    expect(marks.due('key-a', at(LAST_USED_RESOLUTION_MS - 1))).toBe(false);
    expect(marks.due('key-a', at(LAST_USED_RESOLUTION_MS))).toBe(true);
    expect(marks.due('key-a', at(LAST_USED_RESOLUTION_MS + 1))).toBe(false);
  });

  it('keeps each key apart', () => {
    const marks = new LastUsedMarks();
    expect(marks.due('key-a', at(0))).toBe(true);
    expect(marks.due('key-b', at(1))).toBe(true);
    expect(marks.due('key-b', at(2))).toBe(false);
  });
});
