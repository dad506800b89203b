import type { SafetyRating } from '@tagphoto/contracts';
import type { DecodedImage } from '../decode/decoded-image';
import { NSFW_MOBILENET_V2 } from '../models/converted-models';
import type { ModelSessions } from '../models/model-sessions';
import type { SafetySignal } from '../signals';
import type { Analyzer } from './analyzer';
import { modelInput } from './model-input';

/** Output order of the nsfwjs MobileNetV2 classifier (nsfwjs NSFW_CLASSES), as canonical keys. */
export const NSFW_CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
export type NsfwClass = (typeof NSFW_CLASSES)[number];

/**
 * Rating thresholds on the class probabilities; "explicit" is porn + hentai.
 * - unsafe:       explicit ≥ 0.6
 * - questionable: explicit ≥ 0.3, or sexy ≥ 0.8
 * - safe:         everything else
 * The classifier is jumpy on ordinary photos of people: footballers in kit score sexy 0.73 and a strip of
 * face close-ups porn 0.56 (messi5 and the portraits fixture), so a single class above 0.5 is not enough.
 */
export const SAFETY_THRESHOLDS = { unsafeExplicit: 0.6, questionableExplicit: 0.3, questionableSexy: 0.8 } as const;

export function rateSafety(scores: Record<NsfwClass, number>, thresholds = SAFETY_THRESHOLDS): SafetyRating {
  const explicit = scores.porn + scores.hentai;
  if (explicit >= thresholds.unsafeExplicit) return 'unsafe';
  if (explicit >= thresholds.questionableExplicit || scores.sexy >= thresholds.questionableSexy) return 'questionable';
  return 'safe';
}

/** Safety rating from the nsfwjs MobileNetV2 classifier (224 px, whole image stretched like nsfwjs does). */
export class SafetyAnalyzer implements Analyzer<SafetySignal> {
  readonly name = 'safety';
  readonly models = [NSFW_MOBILENET_V2.id] as const;

  async analyze(image: DecodedImage, sessions: ModelSessions): Promise<SafetySignal> {
    const [, , height, width] = NSFW_MOBILENET_V2.input.shape;
    const rgb = await image.resize(width, height, 'fill');
    const outputs = await sessions.run(NSFW_MOBILENET_V2.id, { [NSFW_MOBILENET_V2.input.name]: modelInput(rgb, NSFW_MOBILENET_V2) });
    const probabilities = outputs.probabilities.data as Float32Array;
    const scores = Object.fromEntries(NSFW_CLASSES.map((name, i) => [name, probabilities[i]])) as Record<NsfwClass, number>;
    return { rating: rateSafety(scores), scores };
  }
}
