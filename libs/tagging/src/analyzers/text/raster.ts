import type { RawRgb } from '../../decode/decoded-image';

export interface Point {
  x: number;
  y: number;
}

/** Four corners of a text box in the order top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/**
 * Bilinear RGB sample at a sub-pixel position (pixel centres at integer + 0.5), clamped to the edges.
 * Plain comparisons instead of Math.*: this runs per pixel, and global lookups are slow inside vm sandboxes.
 */
function sampleInto(image: RawRgb, x: number, y: number, out: Float64Array): void {
  const lastX = image.width - 1;
  const lastY = image.height - 1;
  const fx = x < 0.5 ? 0 : x - 0.5 > lastX ? lastX : x - 0.5;
  const fy = y < 0.5 ? 0 : y - 0.5 > lastY ? lastY : y - 0.5;
  const x0 = fx | 0;
  const y0 = fy | 0;
  const x1 = x0 < lastX ? x0 + 1 : lastX;
  const y1 = y0 < lastY ? y0 + 1 : lastY;
  const wx = fx - x0;
  const wy = fy - y0;
  const row0 = y0 * image.width;
  const row1 = y1 * image.width;
  const data = image.data;
  for (let c = 0; c < 3; c++) {
    const top = data[(row0 + x0) * 3 + c] * (1 - wx) + data[(row0 + x1) * 3 + c] * wx;
    const bottom = data[(row1 + x0) * 3 + c] * (1 - wx) + data[(row1 + x1) * 3 + c] * wx;
    out[c] = top * (1 - wy) + bottom * wy;
  }
}

/**
 * Resample the parallelogram spanned by `origin`, `alongX` and `alongY` (image pixels) into an
 * outWidth×outHeight grid, calling `write(x, y, r, g, b)` per output pixel. Shrinking averages a grid of
 * samples per output pixel so thin strokes survive downscaling.
 */
export function resampleParallelogram(
  image: RawRgb,
  origin: Point,
  alongX: Point,
  alongY: Point,
  outWidth: number,
  outHeight: number,
  write: (x: number, y: number, r: number, g: number, b: number) => void,
): void {
  const stepX = { x: (alongX.x - origin.x) / outWidth, y: (alongX.y - origin.y) / outWidth };
  const stepY = { x: (alongY.x - origin.x) / outHeight, y: (alongY.y - origin.y) / outHeight };
  const samplesX = Math.max(1, Math.ceil(Math.hypot(stepX.x, stepX.y)));
  const samplesY = Math.max(1, Math.ceil(Math.hypot(stepY.x, stepY.y)));
  const perPixel = samplesX * samplesY;
  const sample = new Float64Array(3);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < samplesY; sy++) {
        const v = oy + (sy + 0.5) / samplesY;
        for (let sx = 0; sx < samplesX; sx++) {
          const u = ox + (sx + 0.5) / samplesX;
          sampleInto(image, origin.x + u * stepX.x + v * stepY.x, origin.y + u * stepX.y + v * stepY.y, sample);
          r += sample[0];
          g += sample[1];
          b += sample[2];
        }
      }
      write(ox, oy, r / perPixel, g / perPixel, b / perPixel);
    }
  }
}

/** Resize a whole image to exactly width×height (a Buffer truncates on store, so + 0.5 rounds). */
export function resizeRgb(image: RawRgb, width: number, height: number): RawRgb {
  const data = Buffer.alloc(width * height * 3);
  resampleParallelogram(image, { x: 0, y: 0 }, { x: image.width, y: 0 }, { x: 0, y: image.height }, width, height, (x, y, r, g, b) => {
    const offset = (y * width + x) * 3;
    data[offset] = r + 0.5;
    data[offset + 1] = g + 0.5;
    data[offset + 2] = b + 0.5;
  });
  return { data, width, height };
}
