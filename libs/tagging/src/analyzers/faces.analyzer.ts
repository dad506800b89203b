import type { Box } from '@tagphoto/contracts';
import type { DecodedImage } from '../decode/decoded-image';
import { BLAZEFACE } from '../models/converted-models';
import type { ModelSessions } from '../models/model-sessions';
import type { FacesSignal } from '../signals';
import type { Analyzer } from './analyzer';
import { modelInput } from './model-input';
import { nonMaxSuppression } from './non-max-suppression';

export interface FacesOptions {
  /** Minimum face probability (sigmoid of the score logit). */
  minConfidence: number;
  /** BlazeFace places several anchors on one face; overlaps above this are one face. */
  iouThreshold: number;
  maxFaces: number;
}

export const DEFAULT_FACES_OPTIONS: FacesOptions = { minConfidence: 0.6, iouThreshold: 0.3, maxFaces: 100 };

/** Anchor grids of the 256-px BlazeFace "back" model, in output order: 16×16 cells × 2, then 8×8 × 6. */
const ANCHOR_GRIDS = [
  { stride: 16, perCell: 2, scores: 'scores_16', boxes: 'boxes_16' },
  { stride: 32, perCell: 6, scores: 'scores_8', boxes: 'boxes_8' },
] as const;

/** Values per anchor in a boxes output: centre offset x, y, size w, h, then 6 landmarks (ignored). */
const BOX_VALUES = 16;

export interface FaceCandidate {
  confidence: number;
  /** In model-input pixels. */
  box: Box;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Decodes one anchor grid: anchor centre + predicted offset, predicted size, sigmoid score. */
export function decodeAnchorGrid(
  scores: Float32Array,
  boxes: Float32Array,
  inputSize: number,
  stride: number,
  perCell: number,
  minConfidence: number,
): FaceCandidate[] {
  const cells = Math.ceil(inputSize / stride);
  const out: FaceCandidate[] = [];
  for (let i = 0; i < scores.length; i++) {
    const confidence = sigmoid(scores[i]);
    if (confidence < minConfidence) continue;
    const cell = Math.floor(i / perCell);
    const anchorX = stride * ((cell % cells) + 0.5);
    const anchorY = stride * (Math.floor(cell / cells) + 0.5);
    const o = i * BOX_VALUES;
    const cx = anchorX + boxes[o];
    const cy = anchorY + boxes[o + 1];
    const w = boxes[o + 2];
    const h = boxes[o + 3];
    out.push({ confidence, box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h } });
  }
  return out;
}

/**
 * Counts faces with BlazeFace. Only the count and confidences leave this analyzer: no boxes, landmarks
 * or identity. BlazeFace also fires on animal faces; the engine pairs the count with a person detection.
 */
export class FacesAnalyzer implements Analyzer<FacesSignal> {
  readonly name = 'faces';
  readonly models = [BLAZEFACE.id] as const;
  private readonly options: FacesOptions;

  constructor(options: Partial<FacesOptions> = {}) {
    this.options = { ...DEFAULT_FACES_OPTIONS, ...options };
  }

  async analyze(image: DecodedImage, sessions: ModelSessions): Promise<FacesSignal> {
    const size = BLAZEFACE.input.shape[3];
    // Letterboxed: BlazeFace anchors assume square faces, stretching a wide photo squashes them.
    const rgb = await image.resize(size, size, 'contain');
    const outputs = await sessions.run(BLAZEFACE.id, { [BLAZEFACE.input.name]: modelInput(rgb, BLAZEFACE) });
    const candidates = ANCHOR_GRIDS.flatMap((grid) =>
      decodeAnchorGrid(
        outputs[grid.scores].data as Float32Array,
        outputs[grid.boxes].data as Float32Array,
        size,
        grid.stride,
        grid.perCell,
        this.options.minConfidence,
      ),
    );
    const faces = nonMaxSuppression(candidates, this.options.iouThreshold, this.options.maxFaces);
    return { count: faces.length, confidences: faces.map((f) => f.confidence) };
  }
}
