import type { Language, ReviewReason, TaggingResult } from '@tagphoto/contracts';
import { type ComposeOptions, REDUNDANT_ALT_PHRASES } from '../compose/composer';
import { canonicalKey } from '../compose/concepts';
import { LANGUAGE_PACKS } from '../compose/i18n';
import { describePicture } from '../compose/picture';
import { blendedLabels, COCO_FAMILY, SUBJECT_SETTINGS } from '../compose/subject';
import type { Signals } from '../signals';
import { otherLanguageOf, PEOPLE_WORDS, wordsOf } from './language-guess';
import { type VisionSuggestion, visionSuggestionSchema } from './suggestion';
import type { VisionFindings } from './vision-provider';
import { visionTags } from './vision-tags';

/** What the built-in models found, as hints for the vision model: objects the result would list, OCR text, colours, kind. */
export function findingsOf(result: TaggingResult, signals: Signals, options: ComposeOptions): VisionFindings {
  const minConfidence = options.minConfidence ?? 0;
  return {
    objects: (signals.objects?.objects ?? [])
      .filter((o) => o.confidence >= minConfidence)
      .map((o) => ({ label: canonicalKey(o.label), confidence: o.confidence }))
      .sort((a, b) => b.confidence - a.confidence),
    text: result.text,
    colors: (signals.colors?.colors ?? []).map((c) => c.name),
    pictureKind: describePicture(signals, blendedLabels(signals)).kind,
    faces: result.faces.count,
  };
}

export type Verdict = { suggestion: VisionSuggestion } | { reason: ReviewReason; detail: string };

const REDUNDANT = new RegExp(REDUNDANT_ALT_PHRASES.source, 'iu');

/**
 * Whether the model's answer may replace the built-in caption: valid JSON in the schema, alt text without
 * "image of", written in the requested language, and consistent with what the built-in models saw confidently.
 */
export function judgeAnswer(answer: string, signals: Signals, language: Language): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return { reason: 'vision answer invalid', detail: 'the answer is not JSON' };
  }
  const parsed = visionSuggestionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: 'vision answer invalid', detail: `${issue.path.join('.') || 'answer'}: ${issue.message}` };
  }
  const suggestion = parsed.data;
  if (REDUNDANT.test(suggestion.altText))
    return { reason: 'vision answer invalid', detail: 'the alt text says "image of"' };
  const other = otherLanguageOf(`${suggestion.altText} ${suggestion.title} ${suggestion.description}`, language);
  if (other) return { reason: 'vision answer invalid', detail: `the caption reads as ${other}, not ${language}` };
  const contradiction = contradictionOf(suggestion, signals, language);
  return contradiction ? { reason: 'vision contradicts built-in findings', detail: contradiction } : { suggestion };
}

/**
 * A claim of the caption that the built-in detector contradicts with confidence, or undefined:
 * - people claimed (the `people` count or a word like "woman") where no body was detected as surely as the
 *   composer needs to name a person, or denied where a body was detected beyond doubt;
 * - things of another family named (the `subject`, or nouns of the caption) where the detector is certain of
 *   something and the caption names nothing of its family ("a car" for a certain cat).
 */
function contradictionOf(suggestion: VisionSuggestion, signals: Signals, language: Language): string | undefined {
  if (!signals.objects) return undefined;
  const detections = signals.objects.objects.map((o) => ({ key: canonicalKey(o.label), confidence: o.confidence }));
  const words = wordsOf(`${suggestion.altText} ${suggestion.title} ${suggestion.description}`);
  const peopleWords = PEOPLE_WORDS.get(language)!;
  const claimsPeople = suggestion.people > 0 || words.some((word) => peopleWords.has(word));
  const person = Math.max(0, ...detections.filter((d) => d.key === 'person').map((d) => d.confidence));
  if (claimsPeople && person < SUBJECT_SETTINGS.personConfidence)
    return 'the caption names people the detector did not see';
  if (!claimsPeople && person >= SUBJECT_SETTINGS.certainDetection)
    return 'the caption leaves out the person the detector is certain of';

  const certain = new Set(
    detections
      .filter((d) => d.confidence >= SUBJECT_SETTINGS.certainDetection && COCO_FAMILY[d.key])
      .map((d) => COCO_FAMILY[d.key]),
  );
  const named = new Set(
    namedKeys(suggestion, words, language)
      .map((key) => COCO_FAMILY[key])
      .filter((family) => family !== undefined),
  );
  if (certain.size === 0 || named.size === 0 || [...named].some((family) => certain.has(family))) return undefined;
  return `the caption names ${[...named].join(', ')} where the detector is certain of ${[...certain].join(', ')}`;
}

/** Canonical keys the caption names: its English `subject`, and nouns of the requested language in its text. */
function namedKeys(suggestion: VisionSuggestion, words: readonly string[], language: Language): string[] {
  const keys = [canonicalKey(suggestion.subject.toLocaleLowerCase())];
  const text = ` ${words.join(' ')} `;
  for (const [key, noun] of Object.entries(LANGUAGE_PACKS[language].nouns)) {
    if (!COCO_FAMILY[key]) continue;
    if ([noun.one, noun.other].some((form) => text.includes(` ${form.toLocaleLowerCase()} `))) keys.push(key);
  }
  return keys;
}

/** The built-in result with the vision model's caption and tags; OCR text, safety, faces and colours stay built-in. */
export function mergeSuggestion(
  builtIn: TaggingResult,
  suggestion: VisionSuggestion,
  model: string,
  options: ComposeOptions,
): TaggingResult {
  const added = visionTags(suggestion.tags, builtIn.tags, builtIn.language, options);
  return {
    ...builtIn,
    altText: suggestion.altText,
    title: suggestion.title,
    description: suggestion.description,
    tags: [...builtIn.tags, ...added].sort(
      (a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
    ),
    sources: {
      altText: 'vision',
      title: 'vision',
      description: 'vision',
      tags: added.length > 0 ? 'vision' : 'built-in',
    },
    models: { ...builtIn.models, vision: model },
  };
}

/** The built-in result, flagged for a person with why the vision backend's caption is not in it. */
export function withReviewReason(result: TaggingResult, reason: ReviewReason): TaggingResult {
  const reasons = result.review.reasons.includes(reason) ? result.review.reasons : [...result.review.reasons, reason];
  return { ...result, review: { needed: true, reasons } };
}
