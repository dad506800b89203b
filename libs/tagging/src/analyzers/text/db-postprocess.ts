import type { Point, Quad } from './raster';

/** Settings of PaddleOCR's DBPostProcess (PP-OCRv4 defaults, except a wider unclip: see DEFAULT_DB_OPTIONS). */
export interface DbOptions {
  /** Probability above which a pixel belongs to text. */
  threshold: number;
  /** Minimum mean probability inside a candidate box. */
  boxThreshold: number;
  /** How far the shrunk text kernel is grown back: distance = area × ratio / perimeter. */
  unclipRatio: number;
  /** Boxes with a shorter side (in map pixels) are noise. */
  minSize: number;
  maxCandidates: number;
}

/** Unclip 2.0 instead of 1.5: with 1.5 boxes hug the glyphs and the recogniser drops the spaces between words. */
export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 2.0,
  minSize: 3,
  maxCandidates: 1000,
};

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

export interface TextRegion {
  quad: Quad;
  /**
   * Mean text probability over the region's own pixels (PaddleOCR's "slow" score): unlike the mean over
   * its box, it does not drop lines that curve on a bent page.
   */
  score: number;
}

interface Rectangle {
  center: Point;
  /** Unit vector of the first side; the second side is its normal. */
  axis: Point;
  halfWidth: number;
  halfHeight: number;
}

interface Region {
  /** Leftmost and rightmost pixel of each row: enough for the convex hull. */
  outline: Point[];
  meanProbability: number;
}

/** Connected regions (8-connectivity) of the map above the threshold. */
function connectedRegions(map: ProbabilityMap, threshold: number): Region[] {
  const { width, height, data } = map;
  const label = new Int32Array(width * height).fill(-1);
  const regions: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (label[start] !== -1 || data[start] <= threshold) continue;
    const id = regions.length;
    let sum = 0;
    let count = 0;
    const rowExtent = new Map<number, [number, number]>();
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const index = stack.pop() as number;
      const x = index % width;
      const y = (index - x) / width;
      sum += data[index];
      count++;
      const extent = rowExtent.get(y);
      if (extent) {
        if (x < extent[0]) extent[0] = x;
        if (x > extent[1]) extent[1] = x;
      } else {
        rowExtent.set(y, [x, x]);
      }
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (label[next] === -1 && data[next] > threshold) {
            label[next] = id;
            stack.push(next);
          }
        }
      }
    }
    const outline: Point[] = [];
    for (const [y, [left, right]] of rowExtent) outline.push({ x: left, y }, { x: right, y });
    regions.push({ outline, meanProbability: sum / count });
  }
  return regions;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
export function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length <= 2) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Smallest-area enclosing rectangle of a convex hull (rotating calipers: one side lies on a hull edge). */
export function minAreaRectangle(hull: Point[]): Rectangle {
  let best: Rectangle = { center: hull[0], axis: { x: 1, y: 0 }, halfWidth: 0, halfHeight: 0 };
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length === 0) continue;
    const axis = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p.x * axis.x + p.y * axis.y;
      const v = -p.x * axis.y + p.y * axis.x;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const u = (minU + maxU) / 2;
      const v = (minV + maxV) / 2;
      best = {
        center: { x: u * axis.x - v * axis.y, y: u * axis.y + v * axis.x },
        axis,
        halfWidth: (maxU - minU) / 2,
        halfHeight: (maxV - minV) / 2,
      };
    }
  }
  return best;
}

/** Corners ordered like PaddleOCR's get_mini_boxes: the two leftmost give top-left/bottom-left by y. */
export function orderCorners(corners: Point[]): Quad {
  const byX = [...corners].sort((a, b) => a.x - b.x);
  const [topLeft, bottomLeft] = byX[0].y <= byX[1].y ? [byX[0], byX[1]] : [byX[1], byX[0]];
  const [topRight, bottomRight] = byX[2].y <= byX[3].y ? [byX[2], byX[3]] : [byX[3], byX[2]];
  return [topLeft, topRight, bottomRight, bottomLeft];
}

function rectangleCorners(rect: Rectangle): Point[] {
  const { center, axis, halfWidth, halfHeight } = rect;
  const normal = { x: -axis.y, y: axis.x };
  return [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([su, sv]) => ({
    x: center.x + su * halfWidth * axis.x + sv * halfHeight * normal.x,
    y: center.y + su * halfWidth * axis.y + sv * halfHeight * normal.y,
  }));
}

/**
 * PaddleOCR's unclip grows the box polygon by area × ratio / perimeter with round joins; for a rectangle
 * the smallest box around that grown shape is the rectangle widened by that distance on every side.
 */
function unclip(rect: Rectangle, ratio: number): Rectangle {
  const width = rect.halfWidth * 2;
  const height = rect.halfHeight * 2;
  const perimeter = 2 * (width + height);
  const distance = perimeter === 0 ? 0 : (width * height * ratio) / perimeter;
  return { ...rect, halfWidth: rect.halfWidth + distance, halfHeight: rect.halfHeight + distance };
}

/**
 * DB text detection post-processing: threshold the probability map, take each connected region's
 * minimum-area box, keep confident ones, grow them back to the full text extent, and scale them to a
 * target size (e.g. the image the map was computed for).
 */
export function textRegionsFromProbabilityMap(
  map: ProbabilityMap,
  targetWidth: number,
  targetHeight: number,
  options: DbOptions = DEFAULT_DB_OPTIONS,
): TextRegion[] {
  const scaleX = targetWidth / map.width;
  const scaleY = targetHeight / map.height;
  const regions: TextRegion[] = [];
  for (const { outline, meanProbability: score } of connectedRegions(map, options.threshold).slice(
    0,
    options.maxCandidates,
  )) {
    const rect = minAreaRectangle(convexHull(outline));
    if (Math.min(rect.halfWidth, rect.halfHeight) * 2 < options.minSize) continue;
    if (score < options.boxThreshold) continue;
    const grown = unclip(rect, options.unclipRatio);
    if (Math.min(grown.halfWidth, grown.halfHeight) * 2 < options.minSize + 2) continue;
    // Map pixel i covers [i, i + 1) in continuous coordinates, hence the half-pixel shift.
    const corners = rectangleCorners(grown).map((p) => ({
      x: Math.min(Math.max((p.x + 0.5) * scaleX, 0), targetWidth),
      y: Math.min(Math.max((p.y + 0.5) * scaleY, 0), targetHeight),
    }));
    regions.push({ quad: orderCorners(corners), score });
  }
  return regions;
}
