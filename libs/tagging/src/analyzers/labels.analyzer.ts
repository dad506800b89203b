import type { DecodedImage } from '../decode/decoded-image';
import { IMAGENET_LABELS } from '../labels/imagenet-labels';
import { IMAGENET_MOBILENETV2 } from '../models/imagenet-model';
import type { ModelSessions } from '../models/model-sessions';
import type { LabelsSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { modelInput } from './model-input';

const SIZE = 224;
const TOP_K = 5;
const OUTPUT = 'output';

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
    // Centre crop to a square, like the classifier's training-time preprocessing.
    const rgb = await image.resize(SIZE, SIZE, 'cover');
    const outputs = await sessions.run(IMAGENET_MOBILENETV2.id, {
      [IMAGENET_MOBILENETV2.input.name]: modelInput(rgb, IMAGENET_MOBILENETV2),
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
