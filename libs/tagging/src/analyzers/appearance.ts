import type { RawRgb } from '../decode/decoded-image';
import type { AppearanceSignal } from '../signals';

/**
 * What kind of picture this is, measured from pixels alone: a plain background and where the object on it
 * sits (product shots), how flat and how few its colours are (screenshots, illustrations), how bright and how
 * saturated. No model: a pass over the ≤512 px working copy, a few milliseconds.
 */
export const APPEARANCE_SETTINGS = {
  /** Width of the frame read for the background, as a share of the shorter side. */
  borderShare: 0.03,
  /** A border pixel this close (max channel difference) to the border's median colour is background. */
  backgroundTolerance: 14,
  /** Share of border pixels that must be background for the background to count as plain (a cut-out may touch the frame). */
  plainBorderShare: 0.75,
  /** A pixel this far from the background colour belongs to the object. */
  objectTolerance: 28,
  /** About this many pixels are sampled for the statistics. */
  samples: 60000,
  /** A pixel within this (max channel difference) of its right and lower neighbours is smooth: a flat fill after JPEG or WebP. */
  smoothStep: 3,
  /** A step this large to a neighbour is a drawn outline or a hard edge. */
  edgeStep: 64,
} as const;

/**
 * Statistics of the picture's own pixels (the object's alone when it stands on a plain background, so a
 * white studio backdrop does not make a photo look like flat graphics).
 */
export function measureAppearance(image: RawRgb): AppearanceSignal {
  const { width, height, data } = image;
  const background = plainBackground(image);
  const isBackground = background
    ? nearColor(data, background.color, APPEARANCE_SETTINGS.objectTolerance)
    : () => false;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / APPEARANCE_SETTINGS.samples)));
  const palette = new Set<number>();
  let flat = 0;
  let smooth = 0;
  let edge = 0;
  let saturation = 0;
  let brightness = 0;
  let seen = 0;
  let counted = 0;
  for (let y = 0; y < height - 1; y += step) {
    for (let x = 0; x < width - 1; x += step) {
      const i = (y * width + x) * 3;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      const max = Math.max(r, g, b);
      brightness += max / 255;
      seen++;
      if (isBackground(i)) continue;
      saturation += max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
      palette.add(((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2));
      const step = Math.max(pixelStep(data, i, i + 3), pixelStep(data, i, i + width * 3));
      // Rendered graphics repeat a pixel exactly; photographed texture and sensor noise almost never do.
      if (step === 0) flat++;
      if (step <= APPEARANCE_SETTINGS.smoothStep) smooth++;
      if (step > APPEARANCE_SETTINGS.edgeStep) edge++;
      counted++;
    }
  }
  const share = (value: number) => (counted === 0 ? 0 : round(value / counted));
  return {
    flatShare: share(flat),
    smoothShare: share(smooth),
    edgeShare: share(edge),
    paletteShare: share(palette.size),
    saturation: share(saturation),
    brightness: round(brightness / Math.max(1, seen)),
    ...(background ? { background } : {}),
  };
}

/** The largest channel difference between two pixels. */
function pixelStep(data: Uint8Array, a: number, b: number): number {
  return Math.max(
    Math.abs(data[a] - data[b]),
    Math.abs(data[a + 1] - data[b + 1]),
    Math.abs(data[a + 2] - data[b + 2]),
  );
}

function nearColor(data: Uint8Array, color: readonly number[], tolerance: number): (i: number) => boolean {
  return (i) =>
    Math.abs(data[i] - color[0]) <= tolerance &&
    Math.abs(data[i + 1] - color[1]) <= tolerance &&
    Math.abs(data[i + 2] - color[2]) <= tolerance;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Backgrounds found per working copy: the appearance signal and the labels analyzer's trim both ask. */
const backgrounds = new WeakMap<RawRgb, AppearanceSignal['background']>();

/**
 * The background when the picture's frame is one plain colour (white studio shots, cut-outs flattened on
 * white), with the box of everything that differs from it, in shares of the picture's width and height.
 */
export function plainBackground(image: RawRgb): AppearanceSignal['background'] {
  if (!backgrounds.has(image)) backgrounds.set(image, findPlainBackground(image));
  return backgrounds.get(image);
}

function findPlainBackground(image: RawRgb): AppearanceSignal['background'] {
  const { width, height, data } = image;
  const band = Math.max(1, Math.round(Math.min(width, height) * APPEARANCE_SETTINGS.borderShare));
  const border: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x < band || x >= width - band || y < band || y >= height - band) border.push((y * width + x) * 3);
    }
  }
  const color = [0, 1, 2].map((c) => median(border.map((i) => data[i + c]))) as [number, number, number];
  const isBackground = nearColor(data, color, APPEARANCE_SETTINGS.backgroundTolerance);
  const nearBackground = nearColor(data, color, APPEARANCE_SETTINGS.objectTolerance);
  const plain = border.filter(isBackground).length / border.length;
  if (plain < APPEARANCE_SETTINGS.plainBorderShare) return undefined;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (nearBackground((y * width + x) * 3)) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  // Nothing but background: a blank picture has no object to trim.
  if (right < 0) return undefined;
  return {
    color,
    object: {
      x: round(left / width),
      y: round(top / height),
      width: round((right - left + 1) / width),
      height: round((bottom - top + 1) / height),
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
