import type { Box } from '@tagphoto/contracts';
import type { DecodedImage } from '../decode/decoded-image';
import { COCO_LABELS } from '../labels/coco-labels';
import { CENTERNET_COCO } from '../models/converted-models';
import type { ModelSessions } from '../models/model-sessions';
import type { ObjectsSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { enlargedModelInput, modelInput } from './model-input';
import { nonMaxSuppression } from './non-max-suppression';

export interface ObjectsOptions {
  /** Minimum heatmap peak value for a detection; 0.4 gave 11 of 12 right tags on real photos. */
  minScore: number;
  /**
   * The same for people, COCO's most common class and the one the detector learned best: on the tune part of the
   * quality set every person peak from 0.35 was a person, while other classes' peaks under 0.4 were mostly wrong
   * (a dog on a cat, a kite on a sunflower). The composer names people from its own bar (SUBJECT_SETTINGS).
   */
  personMinScore: number;
  /** Same-class boxes overlapping more than this are one object. */
  iouThreshold: number;
  maxObjects: number;
}

export const DEFAULT_OBJECTS_OPTIONS: ObjectsOptions = {
  minScore: 0.4,
  personMinScore: 0.35,
  iouThreshold: 0.5,
  maxObjects: 20,
};

const PERSON = COCO_LABELS.indexOf('person');
/** Heatmap cells per input pixel: the model's output stride. */
const STRIDE = 4;

/** Heatmap [H, W, C] (NHWC, batch 1) and the box-size head [H, W, 4]. */
export interface CenterNetHeads {
  heatmap: Float32Array;
  wh: Float32Array;
  height: number;
  width: number;
  classes: number;
}

export interface HeatmapPeak {
  row: number;
  col: number;
  classIndex: number;
  score: number;
}

/** Cells at or above `minScore` that are the maximum of their 3×3 neighbourhood in their class plane. */
export function heatmapPeaks({ heatmap, height, width, classes }: CenterNetHeads, minScore: number): HeatmapPeak[] {
  const peaks: HeatmapPeak[] = [];
  const visit = (o: number) => {
    const k = o % classes;
    const cell = (o - k) / classes;
    const c = cell % width;
    const r = (cell - c) / width;
    if (isLocalMax(heatmap, r, c, k, heatmap[o], height, width, classes))
      peaks.push({ row: r, col: c, classIndex: k, score: heatmap[o] });
  };
  // 128×128×80 cells per image, almost all below minScore: test four at a time, look closer only at a hit.
  const end = heatmap.length - (heatmap.length % 4);
  for (let o = 0; o < end; o += 4) {
    if (heatmap[o] < minScore && heatmap[o + 1] < minScore && heatmap[o + 2] < minScore && heatmap[o + 3] < minScore)
      continue;
    for (let i = o; i < o + 4; i++) if (heatmap[i] >= minScore) visit(i);
  }
  for (let o = end; o < heatmap.length; o++) if (heatmap[o] >= minScore) visit(o);
  return peaks;
}

function isLocalMax(
  heatmap: Float32Array,
  r: number,
  c: number,
  k: number,
  score: number,
  height: number,
  width: number,
  classes: number,
): boolean {
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const rr = r + dr;
      const cc = c + dc;
      if (
        (dr || dc) &&
        rr >= 0 &&
        rr < height &&
        cc >= 0 &&
        cc < width &&
        heatmap[(rr * width + cc) * classes + k] > score
      )
        return false;
    }
  }
  return true;
}

/**
 * Box of a peak in model-input pixels: the wh head holds the distances from the cell centre to the left,
 * top, right and bottom edges (as the model's own in-graph decoder reads it).
 */
export function peakBox(heads: CenterNetHeads, peak: HeatmapPeak): { x1: number; y1: number; x2: number; y2: number } {
  const o = (peak.row * heads.width + peak.col) * 4;
  const cx = peak.col * STRIDE;
  const cy = peak.row * STRIDE;
  return { x1: cx - heads.wh[o], y1: cy - heads.wh[o + 1], x2: cx + heads.wh[o + 2], y2: cy + heads.wh[o + 3] };
}

/** Scales a model-input box to the original image and clips it to the image. */
function toImageBox(
  b: { x1: number; y1: number; x2: number; y2: number },
  sx: number,
  sy: number,
  w: number,
  h: number,
): Box {
  const x1 = Math.min(Math.max(b.x1 * sx, 0), w);
  const y1 = Math.min(Math.max(b.y1 * sy, 0), h);
  const x2 = Math.min(Math.max(b.x2 * sx, 0), w);
  const y2 = Math.min(Math.max(b.y2 * sy, 0), h);
  return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
}

/** COCO-80 objects from MB3-CenterNet: heatmap peaks, boxes in original-image pixels, class-wise NMS. */
export class ObjectsAnalyzer implements Analyzer<ObjectsSignal> {
  readonly name = 'objects';
  readonly models = [CENTERNET_COCO.id] as const;
  private readonly options: ObjectsOptions;

  constructor(options: Partial<ObjectsOptions> = {}) {
    this.options = { ...DEFAULT_OBJECTS_OPTIONS, ...options };
  }

  async analyze(image: DecodedImage, sessions: ModelSessions): Promise<ObjectsSignal> {
    const [, , inputHeight, inputWidth] = CENTERNET_COCO.input.shape;
    // Stretched like the human library feeds it; boxes are scaled back per axis. The working copy is at
    // most 512 px (decode.ts), so it is normally enlarged straight into the tensor.
    const { working } = image;
    const input =
      working.width <= inputWidth && working.height <= inputHeight
        ? enlargedModelInput(working, CENTERNET_COCO)
        : modelInput(await image.resize(inputWidth, inputHeight, 'fill'), CENTERNET_COCO);
    const outputs = await sessions.run(CENTERNET_COCO.id, { [CENTERNET_COCO.input.name]: input });
    const [, height, width, classes] = outputs.heatmap.dims;
    const heads: CenterNetHeads = {
      heatmap: outputs.heatmap.data as Float32Array,
      wh: outputs.wh.data as Float32Array,
      height,
      width,
      classes,
    };
    return {
      objects: this.decode(heads, image.width / inputWidth, image.height / inputHeight, image.width, image.height),
    };
  }

  /** Peaks → labelled boxes in original-image pixels, class-wise NMS, most confident first. */
  decode(
    heads: CenterNetHeads,
    sx: number,
    sy: number,
    imageWidth: number,
    imageHeight: number,
  ): ObjectsSignal['objects'] {
    const { minScore, personMinScore } = this.options;
    const byClass = new Map<number, Array<{ label: string; confidence: number; box: Box }>>();
    for (const peak of heatmapPeaks(heads, Math.min(minScore, personMinScore))) {
      if (peak.score < (peak.classIndex === PERSON ? personMinScore : minScore)) continue;
      const box = toImageBox(peakBox(heads, peak), sx, sy, imageWidth, imageHeight);
      if (box.width <= 0 || box.height <= 0) continue;
      const list = byClass.get(peak.classIndex) ?? [];
      list.push({ label: COCO_LABELS[peak.classIndex], confidence: peak.score, box });
      byClass.set(peak.classIndex, list);
    }
    const kept = [...byClass.values()].flatMap((list) => nonMaxSuppression(list, this.options.iouThreshold));
    return kept.sort((a, b) => b.confidence - a.confidence).slice(0, this.options.maxObjects);
  }
}
