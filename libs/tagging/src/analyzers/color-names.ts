/** A colour in CIELAB (D65), the space where euclidean distance roughly follows perceived difference. */
export interface Lab {
  l: number;
  a: number;
  b: number;
}

/** Canonical English colour keys; the composer translates them. */
export const COLOR_NAMES = [
  'black',
  'dark grey',
  'grey',
  'light grey',
  'white',
  'red',
  'dark red',
  'pink',
  'light pink',
  'magenta',
  'purple',
  'violet',
  'lavender',
  'navy',
  'blue',
  'light blue',
  'turquoise',
  'teal',
  'dark green',
  'green',
  'light green',
  'olive',
  'yellow',
  'gold',
  'cream',
  'beige',
  'orange',
  'brown',
  'tan',
  'coral',
] as const;
export type ColorName = (typeof COLOR_NAMES)[number];

/** Reference shades; near-neutral colours are named by lightness alone (see `nameColor`). */
const REFERENCES: ReadonlyArray<readonly [ColorName, string]> = [
  ['black', '#141414'],
  ['dark grey', '#4a4a4a'],
  ['grey', '#848484'],
  ['light grey', '#c0c0c0'],
  ['white', '#f4f4f4'],
  ['red', '#dc2020'],
  ['dark red', '#8b1a1a'],
  ['pink', '#f4a0c0'],
  ['light pink', '#f8d0dc'],
  ['magenta', '#e020c0'],
  ['purple', '#7b2a8c'],
  ['violet', '#8a5ad8'],
  ['lavender', '#c0b0e8'],
  ['navy', '#141a80'],
  ['blue', '#2050d8'],
  ['light blue', '#8cc4f0'],
  ['turquoise', '#40d0c8'],
  ['teal', '#0c7c80'],
  ['dark green', '#1e5a28'],
  ['green', '#4a9a38'],
  ['light green', '#b0f0a8'],
  ['olive', '#7c7a20'],
  ['yellow', '#f0e020'],
  ['gold', '#d0a020'],
  ['cream', '#f4ecd0'],
  ['beige', '#d8c8a4'],
  ['orange', '#f08a20'],
  ['brown', '#7a4a24'],
  ['tan', '#c09466'],
  ['coral', '#f07a64'],
];

/** Below this chroma a colour reads as grey; below BLACK_LIGHTNESS any colour reads as black. */
const GREY_CHROMA = 9;
const BLACK_LIGHTNESS = 12;
const GREY_STEPS: ReadonlyArray<readonly [number, ColorName]> = [
  [20, 'black'],
  [42, 'dark grey'],
  [68, 'grey'],
  [88, 'light grey'],
  [Infinity, 'white'],
];
/** Lightness counts half: the same hue in shadow should keep its name. */
const LIGHTNESS_WEIGHT = 0.5;

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

export function rgbToLab(r: number, g: number, b: number): Lab {
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047;
  const y = 0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / 1.08883;
  const [fx, fy, fz] = [labF(x), labF(y), labF(z)];
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

export function hexToRgb(hex: string): [number, number, number] {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function rgbToHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

const REFERENCE_LABS = REFERENCES.map(([name, hex]) => ({ name, lab: rgbToLab(...hexToRgb(hex)) }));

/** Near-neutral colours are named by lightness; others by the nearest reference, greys included (dull dark red reads black). */
export function nameColor(lab: Lab): ColorName {
  const chroma = Math.hypot(lab.a, lab.b);
  if (lab.l < BLACK_LIGHTNESS || chroma < GREY_CHROMA) {
    return GREY_STEPS.find(([maxLightness]) => lab.l < maxLightness)![1];
  }
  let best = REFERENCE_LABS[0];
  let bestDistance = Infinity;
  for (const reference of REFERENCE_LABS) {
    const distance = Math.hypot(
      LIGHTNESS_WEIGHT * (lab.l - reference.lab.l),
      lab.a - reference.lab.a,
      lab.b - reference.lab.b,
    );
    if (distance < bestDistance) {
      best = reference;
      bestDistance = distance;
    }
  }
  return best.name;
}
