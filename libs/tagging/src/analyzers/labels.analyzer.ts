import sharp from 'sharp';
import type { DecodedImage, RawRgb } from '../decode/decoded-image';
import { IMAGENET_LABELS } from '../labels/imagenet-labels';
import { IMAGENET_MOBILENETV2 } from '../models/imagenet-model';
import type { ModelSessions } from '../models/model-sessions';
import type { AppearanceSignal, ImageNetLabel, LabelsSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { plainBackground } from './appearance';
import { modelInput } from './model-input';

const SIZE = 224;
/** Ten classes, so that a category's share (all dog breeds, all flowers) sums more than the top few. */
const TOP_K = 10;
/** Margin kept around a trimmed object, as a share of its longer side: the classifier saw objects with context. */
const TRIM_MARGIN = 0.08;
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
    const labels = await this.classify(await image.resize(SIZE, SIZE, 'cover'), sessions);
    // An object on a plain background (a product shot) is classified alone as well, whole and centred.
    const background = plainBackground(image.working);
    if (!background) return { labels };
    return { labels, object: await this.classify(await trimmedObject(image.working, background), sessions) };
  }

  private async classify(rgb: RawRgb, sessions: ModelSessions): Promise<ImageNetLabel[]> {
    const outputs = await sessions.run(IMAGENET_MOBILENETV2.id, {
      [IMAGENET_MOBILENETV2.input.name]: modelInput(rgb, IMAGENET_MOBILENETV2),
    });
    const logits = outputs[OUTPUT].data as Float32Array;
    return topK(softmax(logits), TOP_K).map(({ index, confidence }) => ({
      index,
      label: IMAGENET_LABELS[index],
      confidence,
    }));
  }
}

/** The object cut from its plain background with a small margin, centred on a square of that background. */
async function trimmedObject(
  working: RawRgb,
  background: NonNullable<AppearanceSignal['background']>,
): Promise<RawRgb> {
  const { width, height } = working;
  const box = background.object;
  const margin = TRIM_MARGIN * Math.max(box.width * width, box.height * height);
  const left = Math.max(0, Math.floor(box.x * width - margin));
  const top = Math.max(0, Math.floor(box.y * height - margin));
  const right = Math.min(width, Math.ceil((box.x + box.width) * width + margin));
  const bottom = Math.min(height, Math.ceil((box.y + box.height) * height + margin));
  const [r, g, b] = background.color;
  const { data, info } = await sharp(working.data, { raw: { width, height, channels: 3 } })
    .extract({ left, top, width: right - left, height: bottom - top })
    .resize(SIZE, SIZE, { fit: 'contain', background: { r, g, b }, kernel: 'linear' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
