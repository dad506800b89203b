import type { Box } from '@tagphoto/contracts';
import type { Signals } from '../src/signals';

/** A box in pixels. */
export const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

/** Pixel statistics of an ordinary photo: textured, many colours, no plain background. */
export const PHOTO_APPEARANCE: Signals['appearance'] = {
  flatShare: 0.1,
  smoothShare: 0.2,
  edgeShare: 0.03,
  paletteShare: 0.3,
  saturation: 0.4,
  brightness: 0.5,
};

/**
 * What the analyzers report for an ordinary 640×480 JPEG photo (textured, many colours, no plain background), with
 * the signals a spec is about added or replaced.
 */
export function photoSignals(signals: Partial<Signals> = {}): Signals {
  return {
    metadata: { width: 640, height: 480, format: 'jpeg', orientation: 1 },
    appearance: PHOTO_APPEARANCE,
    ...signals,
  };
}
