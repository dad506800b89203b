import type { DecodedImage } from '../decode/decoded-image';
import type { ColorsSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { type Lab, nameColor, rgbToHex, rgbToLab } from './color-names';

/** Palette extraction settings: a 48×48 sample (2304 pixels) is plenty for shares of a few percent. */
export const PALETTE_SETTINGS = {
  sampleSide: 48,
  clusters: 8,
  iterations: 12,
  maxColors: 5,
  minFraction: 0.03,
} as const;

/** Pixels as parallel typed arrays: no per-pixel objects, so the palette costs a millisecond or two. */
interface PixelTable {
  count: number;
  /** r, g, b, l, a, b per pixel (channel-major: channel * count + pixel). */
  values: Float64Array;
}

/** Channel offsets into PixelTable.values. */
const R = 0;
const G = 1;
const B = 2;
const LAB_L = 3;
const LAB_A = 4;
const LAB_B = 5;

interface Cluster {
  lab: Lab;
  rgb: [number, number, number];
  count: number;
}

/** Dominant palette: median-cut seeds refined by k-means in CIELAB, named, same names merged, largest first. */
export class ColorsAnalyzer implements Analyzer<ColorsSignal> {
  readonly name = 'colors';
  readonly models = [] as const;

  async analyze(image: DecodedImage): Promise<ColorsSignal> {
    const side = PALETTE_SETTINGS.sampleSide;
    const sample = await image.resize(side, side, 'fill');
    return { colors: extractPalette(sample.data, side * side) };
  }
}

/** Palette of `count` packed RGB pixels. Pure and deterministic: the same pixels give the same palette. */
export function extractPalette(data: Buffer | Uint8Array, count: number): ColorsSignal['colors'] {
  const table = pixelTable(data, count);
  const all = new Uint32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  const seeds = medianCut(table, all, PALETTE_SETTINGS.clusters).map((box) => meanOf(table, box));
  const clusters = kMeans(table, seeds, PALETTE_SETTINGS.iterations);
  const byName = new Map<string, Cluster>();
  for (const cluster of clusters) {
    const name = nameColor(cluster.lab);
    const same = byName.get(name);
    byName.set(name, same ? mergeClusters(same, cluster) : cluster);
  }
  return [...byName]
    .map(([name, cluster]) => ({ hex: rgbToHex(...cluster.rgb), name, fraction: cluster.count / count }))
    .filter((color) => color.fraction >= PALETTE_SETTINGS.minFraction)
    .sort((a, b) => b.fraction - a.fraction || a.name.localeCompare(b.name))
    .slice(0, PALETTE_SETTINGS.maxColors)
    .map((color) => ({ ...color, fraction: Math.round(color.fraction * 1000) / 1000 }));
}

function pixelTable(data: Buffer | Uint8Array, count: number): PixelTable {
  const values = new Float64Array(6 * count);
  for (let i = 0; i < count; i++) {
    const r = data[i * 3];
    const g = data[i * 3 + 1];
    const b = data[i * 3 + 2];
    const lab = rgbToLab(r, g, b);
    values[R * count + i] = r;
    values[G * count + i] = g;
    values[B * count + i] = b;
    values[LAB_L * count + i] = lab.l;
    values[LAB_A * count + i] = lab.a;
    values[LAB_B * count + i] = lab.b;
  }
  return { count, values };
}

/** Split the box with the widest channel range at its median until `boxes` boxes or nothing left to split. */
function medianCut(table: PixelTable, pixels: Uint32Array, boxes: number): Uint32Array[] {
  const { values, count } = table;
  const result: Uint32Array[] = [pixels];
  while (result.length < boxes) {
    let widest = -1;
    let widestChannel = 0;
    let widestRange = 0;
    result.forEach((box, index) => {
      for (let channel = 0; channel < 3; channel++) {
        const base = channel * count;
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < box.length; i++) {
          const value = values[base + box[i]];
          if (value < min) min = value;
          if (value > max) max = value;
        }
        const range = max - min;
        if (range > widestRange) [widest, widestChannel, widestRange] = [index, channel, range];
      }
    });
    if (widest < 0) break;
    const base = widestChannel * count;
    // Array.prototype.sort is stable, so equal values keep their order as before.
    const sorted = Uint32Array.from(Array.from(result[widest]).sort((a, b) => values[base + a] - values[base + b]));
    result.splice(widest, 1, ...splitAtMedian(values, base, sorted));
  }
  return result;
}

/** Cut where the channel value changes nearest the median, so equal colours stay in one box. */
function splitAtMedian(values: Float64Array, base: number, sorted: Uint32Array): [Uint32Array, Uint32Array] {
  const middle = Math.floor(sorted.length / 2);
  let cut = -1;
  for (let offset = 0; offset < sorted.length && cut < 0; offset++) {
    for (const at of [middle + offset, middle - offset]) {
      if (at > 0 && at < sorted.length && values[base + sorted[at]] !== values[base + sorted[at - 1]]) {
        cut = at;
        break;
      }
    }
  }
  return [sorted.slice(0, cut), sorted.slice(cut)];
}

function meanOf(table: PixelTable, pixels: Uint32Array): Cluster {
  const { values, count } = table;
  let l = 0;
  let a = 0;
  let b = 0;
  let r = 0;
  let g = 0;
  let bl = 0;
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k];
    l += values[LAB_L * count + i];
    a += values[LAB_A * count + i];
    b += values[LAB_B * count + i];
    r += values[R * count + i];
    g += values[G * count + i];
    bl += values[B * count + i];
  }
  const n = pixels.length;
  return { lab: { l: l / n, a: a / n, b: b / n }, rgb: [r / n, g / n, bl / n], count: n };
}

/** Lloyd iterations; members are summed in pixel order, so the means are exactly those of the member lists. */
function kMeans(table: PixelTable, seeds: Cluster[], iterations: number): Cluster[] {
  const { values, count } = table;
  const k = seeds.length;
  const centreLab = new Float64Array(3 * k);
  const sums = new Float64Array(6 * k);
  const members = new Uint32Array(k);
  let centres = seeds;
  for (let round = 0; round < iterations; round++) {
    centres.forEach((centre, c) => centreLab.set([centre.lab.l, centre.lab.a, centre.lab.b], 3 * c));
    sums.fill(0);
    members.fill(0);
    for (let i = 0; i < count; i++) {
      const l = values[LAB_L * count + i];
      const a = values[LAB_A * count + i];
      const b = values[LAB_B * count + i];
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const dl = centreLab[3 * c] - l;
        const da = centreLab[3 * c + 1] - a;
        const db = centreLab[3 * c + 2] - b;
        const distance = dl * dl + da * da + db * db;
        if (distance < bestDistance) {
          best = c;
          bestDistance = distance;
        }
      }
      const o = 6 * best;
      sums[o] += l;
      sums[o + 1] += a;
      sums[o + 2] += b;
      sums[o + 3] += values[R * count + i];
      sums[o + 4] += values[G * count + i];
      sums[o + 5] += values[B * count + i];
      members[best]++;
    }
    const next: Cluster[] = centres.map((centre, c) => {
      const n = members[c];
      if (n === 0) return { ...centre, count: 0 };
      const o = 6 * c;
      return {
        lab: { l: sums[o] / n, a: sums[o + 1] / n, b: sums[o + 2] / n },
        rgb: [sums[o + 3] / n, sums[o + 4] / n, sums[o + 5] / n],
        count: n,
      };
    });
    const moved = next.some((c, i) => labDistance(c.lab, centres[i].lab) > 0.01);
    centres = next;
    if (!moved) break;
  }
  return centres.filter((c) => c.count > 0);
}

function labDistance(x: Lab, y: Lab): number {
  return (x.l - y.l) ** 2 + (x.a - y.a) ** 2 + (x.b - y.b) ** 2;
}

function mergeClusters(x: Cluster, y: Cluster): Cluster {
  const n = x.count + y.count;
  const mix = (p: number, q: number) => (p * x.count + q * y.count) / n;
  return {
    lab: { l: mix(x.lab.l, y.lab.l), a: mix(x.lab.a, y.lab.a), b: mix(x.lab.b, y.lab.b) },
    rgb: [mix(x.rgb[0], y.rgb[0]), mix(x.rgb[1], y.rgb[1]), mix(x.rgb[2], y.rgb[2])],
    count: n,
  };
}
