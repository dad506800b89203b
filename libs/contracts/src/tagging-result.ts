import { z } from 'zod';
import { LANGUAGES } from './languages';

export { LANGUAGE_COOKIE, LANGUAGES, LANGUAGE_NAMES } from './languages';
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** Which signal a tag came from; `person` marks a tag a person added by hand, `vision` one the operator's vision model proposed. */
export const tagSourceSchema = z.enum([
  'objects',
  'labels',
  'text',
  'faces',
  'colors',
  'safety',
  'category',
  'person',
  'vision',
]);
export type TagSource = z.infer<typeof tagSourceSchema>;

export const tagSchema = z.object({
  label: z.string(),
  confidence: z.number().min(0).max(1),
  source: tagSourceSchema,
});
export type Tag = z.infer<typeof tagSchema>;

/** A box in pixels of the original (orientation-corrected) image. */
export const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Box = z.infer<typeof boxSchema>;

export const detectedObjectSchema = z.object({ label: z.string(), confidence: z.number(), box: boxSchema });
export type DetectedObject = z.infer<typeof detectedObjectSchema>;

export const colorSchema = z.object({
  hex: z.string().regex(/^#[0-9a-f]{6}$/),
  name: z.string(),
  fraction: z.number(),
});
export type Color = z.infer<typeof colorSchema>;

export const safetyRatingSchema = z.enum(['safe', 'questionable', 'unsafe']);
export type SafetyRating = z.infer<typeof safetyRatingSchema>;
export const safetySchema = z.object({ rating: safetyRatingSchema, scores: z.record(z.string(), z.number()) });
export type Safety = z.infer<typeof safetySchema>;

/** Why a result should be seen by a person before it is published. */
export const REVIEW_REASONS = [
  'low-confidence subject',
  'detector and classifier disagree',
  'no certain subject',
  'text-only picture',
  /** The vision backend answered, but not in the expected shape, length or language: the built-in caption stands. */
  'vision answer invalid',
  /** The vision backend's caption names something the built-in models confidently saw otherwise. */
  'vision contradicts built-in findings',
  /** The vision backend did not answer in time, failed, or is paused by its circuit breaker. */
  'vision backend unavailable',
] as const;
export const reviewReasonSchema = z.enum(REVIEW_REASONS);
export type ReviewReason = z.infer<typeof reviewReasonSchema>;

/**
 * Whether the engine is unsure of this result: connectors and the review queue hold such results for a
 * person. Results stored before the flag existed read as not needing review.
 */
export const reviewSchema = z
  .object({ needed: z.boolean(), reasons: z.array(reviewReasonSchema) })
  .default({ needed: false, reasons: [] });
export type Review = z.infer<typeof reviewSchema>;

/** Which engine wrote a caption field: the built-in models, or the operator's vision backend. */
export const fieldSourceSchema = z.enum(['built-in', 'vision']);
export type FieldSource = z.infer<typeof fieldSourceSchema>;

/**
 * Which engine wrote each caption field; for tags, `vision` means some tags came from the vision backend (each
 * tag's own `source` says which). Results stored before vision backends existed read as all built-in.
 */
export const fieldSourcesSchema = z
  .object({
    title: fieldSourceSchema,
    description: fieldSourceSchema,
    altText: fieldSourceSchema,
    tags: fieldSourceSchema,
  })
  .default({ title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' });
export type FieldSources = z.infer<typeof fieldSourcesSchema>;

/** The result of tagging one image: the public shape of the API, the CLI and webhooks. */
export const taggingResultSchema = z.object({
  tags: z.array(tagSchema),
  title: z.string(),
  description: z.string(),
  altText: z.string(),
  text: z.string(),
  objects: z.array(detectedObjectSchema),
  colors: z.array(colorSchema),
  safety: safetySchema,
  faces: z.object({ count: z.number().int().min(0) }),
  review: reviewSchema,
  sources: fieldSourcesSchema,
  width: z.number().int(),
  height: z.number().int(),
  language: languageSchema,
  /** Model id → version of every model that contributed, plus `engine` (and `vision`: the backend's model, when it wrote a field). */
  models: z.record(z.string(), z.string()),
});
export type TaggingResult = z.infer<typeof taggingResultSchema>;
