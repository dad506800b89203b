import { Tensor } from 'onnxruntime-node';
import type { RawRgb } from '../decode/decoded-image';
import type { ManifestEntry } from '../models/manifest-entry';

/**
 * Interleaved 8-bit RGB → the float32 NCHW tensor a manifest entry describes, normalised as
 * (x / 255 - mean) / std per channel.
 */
export function modelInput(rgb: RawRgb, entry: ManifestEntry): Tensor {
  const { mean = [0, 0, 0], std = [1, 1, 1], shape, layout } = entry.input;
  if (layout !== 'NCHW' || shape[2] !== rgb.height || shape[3] !== rgb.width) {
    throw new RangeError(`${entry.id} expects ${layout} ${shape.join('×')}, got ${rgb.width}×${rgb.height} RGB`);
  }
  const plane = rgb.width * rgb.height;
  const out = new Float32Array(3 * plane);
  const scale = [0, 1, 2].map((c) => 1 / (255 * std[c]));
  const offset = [0, 1, 2].map((c) => -mean[c] / std[c]);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = rgb.data[i * 3 + c] * scale[c] + offset[c];
  }
  return new Tensor('float32', out, [1, 3, rgb.height, rgb.width]);
}
