import { inReadingOrder } from './reading-order';

const at = (name: string, x: number, y: number, height = 20) => ({ name, box: { x, y, width: 50, height } });

describe('inReadingOrder', () => {
  it('reads rows top to bottom and words within a row left to right', () => {
    const ordered = inReadingOrder([at('world', 80, 12), at('second', 10, 40), at('hello', 10, 10)]);
    expect(ordered.map((item) => item.name)).toEqual(['hello', 'world', 'second']);
  });

  it('keeps tall boxes of neighbouring curved lines in separate rows', () => {
    const ordered = inReadingOrder([at('lower', 0, 94, 34), at('upper', 1, 78, 32)]);
    expect(ordered.map((item) => item.name)).toEqual(['upper', 'lower']);
  });
});
