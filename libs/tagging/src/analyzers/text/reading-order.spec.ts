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

describe('inReadingOrder on pages with columns', () => {
  const line = (name: string, x: number, y: number, width = 200) => ({ name, box: { x, y, width, height: 20 } });

  it('reads a two-column page column by column, not line by line across the gutter', () => {
    const page = [
      line('left 1', 0, 100),
      line('right 1', 300, 100),
      line('left 2', 0, 130),
      line('right 2', 300, 130),
      line('left 3', 0, 160),
      line('right 3', 300, 160),
    ];
    expect(inReadingOrder(page).map((item) => item.name)).toEqual([
      'left 1',
      'left 2',
      'left 3',
      'right 1',
      'right 2',
      'right 3',
    ]);
  });

  it('reads a heading across both columns first, then each column', () => {
    const page = [
      line('right 1', 300, 100),
      line('heading', 0, 20, 500),
      line('left 1', 0, 100),
      line('right 2', 300, 130),
      line('left 2', 0, 130),
    ];
    expect(inReadingOrder(page).map((item) => item.name)).toEqual([
      'heading',
      'left 1',
      'left 2',
      'right 1',
      'right 2',
    ]);
  });
});
