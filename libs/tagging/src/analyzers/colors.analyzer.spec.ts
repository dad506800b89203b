import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../decode/decode';
import { ColorsAnalyzer } from './colors.analyzer';
import { COLOR_NAMES } from './color-names';

async function solid(r: number, g: number, b: number, width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

/** A left part of one colour and a right part of another, `leftShare` of the width. */
async function split(
  left: [number, number, number],
  right: [number, number, number],
  leftShare: number,
): Promise<Buffer> {
  const width = 200;
  const height = 100;
  const leftWidth = Math.round(width * leftShare);
  const leftPart = await sharp({
    create: { width: leftWidth, height, channels: 3, background: { r: left[0], g: left[1], b: left[2] } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: right[0], g: right[1], b: right[2] } } })
    .composite([{ input: leftPart, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

async function paletteOf(bytes: Buffer) {
  return (await new ColorsAnalyzer().analyze(await decodeImage(bytes))).colors;
}

describe('ColorsAnalyzer', () => {
  it.each([
    ['red', [220, 30, 30]],
    ['red', [255, 0, 0]],
    ['green', [30, 160, 40]],
    ['green', [0, 200, 0]],
    ['blue', [30, 60, 200]],
    ['blue', [0, 0, 255]],
    ['yellow', [250, 220, 30]],
    ['orange', [250, 140, 20]],
    ['purple', [120, 30, 140]],
    ['pink', [240, 150, 185]],
    ['brown', [120, 70, 30]],
    ['navy', [10, 20, 110]],
    ['white', [255, 255, 255]],
    ['grey', [128, 128, 128]],
    ['black', [0, 0, 0]],
  ] as Array<[string, [number, number, number]]>)(
    'names a solid %s image (rgb %j) as one colour',
    async (name, [r, g, b]) => {
      const colors = await paletteOf(await solid(r, g, b));
      expect(colors).toHaveLength(1);
      expect(colors[0].name).toBe(name);
      expect(colors[0].fraction).toBeCloseTo(1, 2);
      expect(colors[0].hex).toMatch(/^#[0-9a-f]{6}$/);
    },
  );

  it('gives two colours with fractions close to their areas in a two-colour image', async () => {
    const colors = await paletteOf(await split([220, 30, 30], [30, 60, 200], 0.3));
    expect(colors.map((c) => c.name)).toEqual(['blue', 'red']);
    expect(colors[0].fraction).toBeCloseTo(0.7, 1);
    expect(colors[1].fraction).toBeCloseTo(0.3, 1);
  });

  it('finds the green pitch among at most five named colours, largest share first, in a football photo', async () => {
    const colors = await paletteOf(readFileSync(join(__dirname, '../../fixtures/photos/messi5.jpg')));
    expect(colors.find((c) => c.name === 'green')?.fraction).toBeGreaterThan(0.1);
    expect(colors.length).toBeGreaterThanOrEqual(2);
    expect(colors.length).toBeLessThanOrEqual(5);
    for (const color of colors) expect(COLOR_NAMES).toContain(color.name);
    const fractions = colors.map((c) => c.fraction);
    expect([...fractions].sort((a, b) => b - a)).toEqual(fractions);
    expect(fractions.reduce((sum, f) => sum + f, 0)).toBeLessThanOrEqual(1.0001);
  });

  it('is deterministic: the same image gives the same palette', async () => {
    const bytes = await split([250, 220, 30], [20, 20, 20], 0.5);
    expect(await paletteOf(bytes)).toEqual(await paletteOf(bytes));
  });
});
