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
 * Rating thresholds on the class probabilities; "explicit" is porn + hentai. The classifier is jumpy on
 * ordinary pictures: on the quality set's tune part a yellow flower scored porn 0.86, an apple 0.50, a desk
 * 0.56, two basketball players 0.57. Explicit content shows people (photographed or drawn), so where no
 * person's body was seen and the picture is no illustration, only a near-certain score counts at all.
 * - with a person or drawn: unsafe at explicit ≥ 0.8; questionable at explicit ≥ 0.6 or sexy ≥ 0.85
 * - otherwise:              questionable at explicit ≥ 0.95; never unsafe
 */
export const SAFETY_THRESHOLDS = {
  unsafeExplicit: 0.8,
  questionableExplicit: 0.6,
  questionableSexy: 0.85,
  withoutPeople: 0.95,
} as const;

/** What else was seen that makes explicit content possible at all. */
export interface SafetyContext {
  /** A person's body was detected, or the picture is drawn (illustrations can be explicit without a detected body). */
  peopleOrDrawn: boolean;
}

export function rateSafety(
  scores: Record<string, number>,
  context: SafetyContext,
  thresholds = SAFETY_THRESHOLDS,
): SafetyRating {
  const explicit = (scores.porn ?? 0) + (scores.hentai ?? 0);
  if (!context.peopleOrDrawn) return explicit >= thresholds.withoutPeople ? 'questionable' : 'safe';
  if (explicit >= thresholds.unsafeExplicit) return 'unsafe';
  if (explicit >= thresholds.questionableExplicit || (scores.sexy ?? 0) >= thresholds.questionableSexy)
    return 'questionable';
  return 'safe';
}

/** Class probabilities of the nsfwjs MobileNetV2 classifier (224 px, whole image stretched like nsfwjs does); the composer rates them in context. */
export class SafetyAnalyzer implements Analyzer<SafetySignal> {
  readonly name = 'safety';
  readonly models = [NSFW_MOBILENET_V2.id] as const;

  async analyze(image: DecodedImage, sessions: ModelSessions): Promise<SafetySignal> {
    const [, , height, width] = NSFW_MOBILENET_V2.input.shape;
    const rgb = await image.resize(width, height, 'fill');
    const outputs = await sessions.run(NSFW_MOBILENET_V2.id, {
      [NSFW_MOBILENET_V2.input.name]: modelInput(rgb, NSFW_MOBILENET_V2),
    });
    const probabilities = outputs.probabilities.data as Float32Array;
    const scores = Object.fromEntries(NSFW_CLASSES.map((name, i) => [name, probabilities[i]])) as Record<
      NsfwClass,
      number
    >;
    return { scores };
  }
}
