import type { RawRgb } from '../../decode/decoded-image';

export interface Point {
  x: number;
  y: number;
}

/** Four corners of a text box in the order top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/**
 * Resample the parallelogram spanned by `origin`, `alongX` and `alongY` (image pixels) into an
 * outWidth×outHeight grid, calling `write(x, y, r, g, b)` per output pixel. Shrinking averages a grid of
 * samples per output pixel so thin strokes survive downscaling. Each sample is bilinear (pixel centres at
 * integer + 0.5, clamped to the edges), computed inline: this runs millions of times per photo, and plain
 * comparisons instead of Math.* keep it fast inside vm sandboxes too.
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
  const data = image.data;
  const imageWidth = image.width;
  const lastX = image.width - 1;
  const lastY = image.height - 1;
  const [originX, originY, stepXx, stepXy, stepYx, stepYy] = [origin.x, origin.y, stepX.x, stepX.y, stepY.x, stepY.y];
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < samplesY; sy++) {
        const v = oy + (sy + 0.5) / samplesY;
        for (let sx = 0; sx < samplesX; sx++) {
          const u = ox + (sx + 0.5) / samplesX;
          const x = originX + u * stepXx + v * stepYx;
          const y = originY + u * stepXy + v * stepYy;
          const fx = x < 0.5 ? 0 : x - 0.5 > lastX ? lastX : x - 0.5;
          const fy = y < 0.5 ? 0 : y - 0.5 > lastY ? lastY : y - 0.5;
          const x0 = fx | 0;
          const y0 = fy | 0;
          const x1 = x0 < lastX ? x0 + 1 : lastX;
          const y1 = y0 < lastY ? y0 + 1 : lastY;
          const wx = fx - x0;
          const wy = fy - y0;
          const p00 = (y0 * imageWidth + x0) * 3;
          const p01 = (y0 * imageWidth + x1) * 3;
          const p10 = (y1 * imageWidth + x0) * 3;
          const p11 = (y1 * imageWidth + x1) * 3;
          r += (data[p00] * (1 - wx) + data[p01] * wx) * (1 - wy) + (data[p10] * (1 - wx) + data[p11] * wx) * wy;
          g +=
            (data[p00 + 1] * (1 - wx) + data[p01 + 1] * wx) * (1 - wy) +
            (data[p10 + 1] * (1 - wx) + data[p11 + 1] * wx) * wy;
          b +=
            (data[p00 + 2] * (1 - wx) + data[p01 + 2] * wx) * (1 - wy) +
            (data[p10 + 2] * (1 - wx) + data[p11 + 2] * wx) * wy;
        }
      }
      write(ox, oy, r / perPixel, g / perPixel, b / perPixel);
    }
  }
}

/** Bilinear taps along one axis for every (output pixel, sub-sample): the same positions resampleParallelogram computes. */
interface AxisTaps {
  lower: Int32Array;
  upper: Int32Array;
  weight: Float64Array;
  samples: number;
}

function axisTaps(inSize: number, outSize: number): AxisTaps {
  const step = inSize / outSize;
  const samples = Math.max(1, Math.ceil(Math.abs(step)));
  const last = inSize - 1;
  const lower = new Int32Array(outSize * samples);
  const upper = new Int32Array(outSize * samples);
  const weight = new Float64Array(outSize * samples);
  for (let o = 0, k = 0; o < outSize; o++) {
    for (let s = 0; s < samples; s++, k++) {
      const at = (o + (s + 0.5) / samples) * step;
      const f = at < 0.5 ? 0 : at - 0.5 > last ? last : at - 0.5;
      lower[k] = f | 0;
      upper[k] = lower[k] < last ? lower[k] + 1 : last;
      weight[k] = f - lower[k];
    }
  }
  return { lower, upper, weight, samples };
}

/**
 * Resize a whole image to exactly width×height (a Buffer truncates on store, so + 0.5 rounds). The result
 * equals resampleParallelogram over the whole image, with the per-axis tap positions computed once.
 */
export function resizeRgb(image: RawRgb, width: number, height: number): RawRgb {
  const data = Buffer.alloc(width * height * 3);
  const columns = axisTaps(image.width, width);
  const rows = axisTaps(image.height, height);
  const perPixel = columns.samples * rows.samples;
  const source = image.data;
  const rowBytes = image.width * 3;
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0, ky = oy * rows.samples; sy < rows.samples; sy++, ky++) {
        const row0 = rows.lower[ky] * rowBytes;
        const row1 = rows.upper[ky] * rowBytes;
        const wy = rows.weight[ky];
        for (let sx = 0, kx = ox * columns.samples; sx < columns.samples; sx++, kx++) {
          const x0 = columns.lower[kx] * 3;
          const x1 = columns.upper[kx] * 3;
          const wx = columns.weight[kx];
          const [p00, p01, p10, p11] = [row0 + x0, row0 + x1, row1 + x0, row1 + x1];
          r +=
            (source[p00] * (1 - wx) + source[p01] * wx) * (1 - wy) + (source[p10] * (1 - wx) + source[p11] * wx) * wy;
          g +=
            (source[p00 + 1] * (1 - wx) + source[p01 + 1] * wx) * (1 - wy) +
            (source[p10 + 1] * (1 - wx) + source[p11 + 1] * wx) * wy;
          b +=
            (source[p00 + 2] * (1 - wx) + source[p01 + 2] * wx) * (1 - wy) +
            (source[p10 + 2] * (1 - wx) + source[p11 + 2] * wx) * wy;
        }
      }
      const offset = (oy * width + ox) * 3;
      data[offset] = r / perPixel + 0.5;
      data[offset + 1] = g / perPixel + 0.5;
      data[offset + 2] = b / perPixel + 0.5;
    }
  }
  return { data, width, height };
}
