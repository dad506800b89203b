import { Tensor } from 'onnxruntime-node';
import type { DecodedImage, RawRgb } from '../decode/decoded-image';
import { IMAGENET_LABELS } from '../labels/imagenet-labels';
import { IMAGENET_MOBILENETV2 } from '../models/imagenet-model';
import type { ModelSessions } from '../models/model-sessions';
import type { LabelsSignal } from '../signals';
import type { Analyzer } from './analyzer';

const SIZE = 224;
const TOP_K = 5;
const OUTPUT = 'output';

/** Interleaved RGB bytes → planar float32 NCHW, normalised with the model's mean and std. */
export function toNormalisedNchw(rgb: RawRgb, mean: readonly number[], std: readonly number[]): Float32Array {
  const plane = rgb.width * rgb.height;
  const out = new Float32Array(3 * plane);
  const data = rgb.data;
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * std[c]);
    const offset = mean[c] / std[c];
    const base = c * plane;
    for (let i = 0, j = c; i < plane; i++, j += 3) out[base + i] = data[j] * scale - offset;
  }
  return out;
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

export function topK(probabilities: ArrayLike<number>, k: number): Array<{ index: number; confidence: number }> {
  const best: Array<{ index: number; confidence: number }> = [];
  for (let index = 0; index < probabilities.length; index++) {
    const confidence = probabilities[index];
    if (best.length === k && confidence <= best[k - 1].confidence) continue;
    const at = best.findIndex((entry) => confidence > entry.confidence);
    best.splice(at === -1 ? best.length : at, 0, { index, confidence });
    if (best.length > k) best.pop();
  }
  return best;
}

/** ImageNet-1k classes from the optional MobileNet v2 pack: broad scene and object labels. */
export class LabelsAnalyzer implements Analyzer<LabelsSignal> {
  readonly name = 'labels';
  readonly models = [IMAGENET_MOBILENETV2.id] as const;

  async analyze(image: DecodedImage, sessions: ModelSessions): Promise<LabelsSignal> {
    const { input } = IMAGENET_MOBILENETV2;
    // Centre crop to a square, like the classifier's training-time preprocessing.
    const rgb = await image.resize(SIZE, SIZE, 'cover');
    const pixels = toNormalisedNchw(rgb, input.mean ?? [0, 0, 0], input.std ?? [1, 1, 1]);
    const outputs = await sessions.run(IMAGENET_MOBILENETV2.id, {
      [input.name]: new Tensor('float32', pixels, [1, 3, SIZE, SIZE]),
    });
    const logits = outputs[OUTPUT].data as Float32Array;
    return {
      labels: topK(softmax(logits), TOP_K).map(({ index, confidence }) => ({
        index,
        label: IMAGENET_LABELS[index],
        confidence,
      })),
    };
  }
}
