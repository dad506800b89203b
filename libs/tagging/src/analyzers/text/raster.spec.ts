import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RawRgb } from '../../decode/decoded-image';
import { resampleParallelogram, resizeRgb } from './raster';

/** The whole image resampled as one axis-aligned parallelogram: the reference resizeRgb must match. */
function resizedAsParallelogram(image: RawRgb, width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  resampleParallelogram(
    image,
    { x: 0, y: 0 },
    { x: image.width, y: 0 },
    { x: 0, y: image.height },
    width,
    height,
    (x, y, r, g, b) => {
      const offset = (y * width + x) * 3;
      data[offset] = r + 0.5;
      data[offset + 1] = g + 0.5;
      data[offset + 2] = b + 0.5;
    },
  );
  return data;
}

describe('resizeRgb', () => {
  let photo: RawRgb;

  beforeAll(async () => {
    const { data, info } = await sharp(readFileSync(join(__dirname, '../../decode/fixtures/chelsea.jpg')))
      .raw()
      .toBuffer({ resolveWithObject: true });
    photo = { data, width: info.width, height: info.height };
  });

  it.each([
    ['shrinks', 160, 96],
    ['enlarges 2×', 902, 600],
    ['stretches to a size divisible by 32', 448, 320],
  ])('%s a photo to exactly the bytes of resampling it as one parallelogram', (_, width, height) => {
    const resized = resizeRgb(photo, width, height);
    expect([resized.width, resized.height]).toEqual([width, height]);
    expect(resized.data.equals(resizedAsParallelogram(photo, width, height))).toBe(true);
  });
});
