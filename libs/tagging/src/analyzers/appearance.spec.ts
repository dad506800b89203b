import type { RawRgb } from '../decode/decoded-image';
import { measureAppearance } from './appearance';

const SIZE = 200;

/** A picture on white: `paint` gives the colour of each pixel inside a centred disc of radius 80. */
function discOnWhite(paint: (x: number, y: number, r: number) => [number, number, number]): RawRgb {
  const data = Buffer.alloc(SIZE * SIZE * 3, 255);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
      if (r > 80) continue;
      data.set(paint(x, y, r), (y * SIZE + x) * 3);
    }
  }
  return { data, width: SIZE, height: SIZE };
}

/** Seeded noise in [-amplitude, amplitude], as JPEG or WebP leave on a flat fill or a sensor on a surface. */
function noiseSource(amplitude: number): () => number {
  let seed = 12345;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 2 * amplitude;
  };
}

describe('measureAppearance', () => {
  it('finds a compressed cartoon smooth with hard edges: flat fills, slightly noisy, between dark outlines', () => {
    // A red ball with a black outline and black stripes every 12 px, its fill off by up to 1 per channel.
    const noise = noiseSource(1);
    const cartoon = measureAppearance(
      discOnWhite((x, y, r) => {
        if (r > 76 || x % 12 < 2) return [20, 20, 20];
        const n = Math.round(noise());
        return [200 + n, 40 + n, 40 + n];
      }),
    );
    expect(cartoon.background).toBeDefined();
    expect(cartoon.flatShare).toBeLessThan(0.5);
    expect(cartoon.smoothShare).toBeGreaterThanOrEqual(0.5);
    expect(cartoon.edgeShare).toBeGreaterThanOrEqual(0.05);
  });

  it('finds a photographed ball on white shaded, not smooth, and without hard edges', () => {
    // Light falls off across the ball (a step of about 2 per pixel) and the sensor adds noise of up to 4.
    const noise = noiseSource(4);
    const photo = measureAppearance(
      discOnWhite((x, y, r) => {
        const light = 230 - 1.8 * r + noise();
        return [light, light * 0.9, light * 0.3].map((v) => Math.max(0, Math.round(v))) as [number, number, number];
      }),
    );
    expect(photo.background).toBeDefined();
    expect(photo.smoothShare).toBeLessThan(0.5);
    expect(photo.edgeShare).toBeLessThan(0.05);
  });
});
