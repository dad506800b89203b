import type { DecodedImage } from '../decode/decoded-image';
import type { ColorsSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { type Lab, nameColor, rgbToHex, rgbToLab } from './color-names';

/** Palette extraction settings: a 64×64 sample is plenty for shares of a few percent. */
export const PALETTE_SETTINGS = { sampleSide: 64, clusters: 8, iterations: 12, maxColors: 5, minFraction: 0.03 } as const;

interface Pixel {
  rgb: [number, number, number];
  lab: Lab;
}

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
  const pixels: Pixel[] = [];
  for (let i = 0; i < count; i++) {
    const rgb: [number, number, number] = [data[i * 3], data[i * 3 + 1], data[i * 3 + 2]];
    pixels.push({ rgb, lab: rgbToLab(...rgb) });
  }
  const seeds = medianCut(pixels, PALETTE_SETTINGS.clusters).map(meanOf);
  const clusters = kMeans(pixels, seeds, PALETTE_SETTINGS.iterations);
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

/** Split the box with the widest channel range at its median until `boxes` boxes or nothing left to split. */
function medianCut(pixels: Pixel[], boxes: number): Pixel[][] {
  const result: Pixel[][] = [pixels];
  while (result.length < boxes) {
    let widest = -1;
    let widestChannel = 0;
    let widestRange = 0;
    result.forEach((box, index) => {
      for (let channel = 0; channel < 3; channel++) {
        const values = box.map((p) => p.rgb[channel]);
        const range = Math.max(...values) - Math.min(...values);
        if (range > widestRange) [widest, widestChannel, widestRange] = [index, channel, range];
      }
    });
    if (widest < 0) break;
    const sorted = [...result[widest]].sort((a, b) => a.rgb[widestChannel] - b.rgb[widestChannel]);
    result.splice(widest, 1, ...splitAtMedian(sorted, widestChannel));
  }
  return result;
}

/** Cut where the channel value changes nearest the median, so equal colours stay in one box. */
function splitAtMedian(sorted: Pixel[], channel: number): [Pixel[], Pixel[]] {
  const middle = Math.floor(sorted.length / 2);
  let cut = -1;
  for (let offset = 0; offset < sorted.length && cut < 0; offset++) {
    for (const at of [middle + offset, middle - offset]) {
      if (at > 0 && at < sorted.length && sorted[at].rgb[channel] !== sorted[at - 1].rgb[channel]) {
        cut = at;
        break;
      }
    }
  }
  return [sorted.slice(0, cut), sorted.slice(cut)];
}

function meanOf(pixels: Pixel[]): Cluster {
  const sum = { l: 0, a: 0, b: 0, r: 0, g: 0, bl: 0 };
  for (const p of pixels) {
    sum.l += p.lab.l;
    sum.a += p.lab.a;
    sum.b += p.lab.b;
    sum.r += p.rgb[0];
    sum.g += p.rgb[1];
    sum.bl += p.rgb[2];
  }
  const n = pixels.length;
  return { lab: { l: sum.l / n, a: sum.a / n, b: sum.b / n }, rgb: [sum.r / n, sum.g / n, sum.bl / n], count: n };
}

function kMeans(pixels: Pixel[], seeds: Cluster[], iterations: number): Cluster[] {
  let centres = seeds;
  for (let round = 0; round < iterations; round++) {
    const members: Pixel[][] = centres.map(() => []);
    for (const pixel of pixels) members[nearest(centres, pixel.lab)].push(pixel);
    const next = members.map((group, i) => (group.length > 0 ? meanOf(group) : { ...centres[i], count: 0 }));
    const moved = next.some((c, i) => labDistance(c.lab, centres[i].lab) > 0.01);
    centres = next;
    if (!moved) break;
  }
  return centres.filter((c) => c.count > 0);
}

function nearest(centres: Cluster[], lab: Lab): number {
  let best = 0;
  let bestDistance = Infinity;
  centres.forEach((centre, i) => {
    const distance = labDistance(centre.lab, lab);
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
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
