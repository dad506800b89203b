import { z } from 'zod';

/** Longest alt text a screen reader user should have to hear, as for the built-in alt text. */
export const ALT_TEXT_LENGTH = 125;
const TITLE_LENGTH = 60;
const DESCRIPTION_LENGTH = 400;
const MAX_TAGS = 15;

/**
 * What the vision model must answer. The same schema goes on the wire (Ollama's `format`, OpenAI's
 * `response_format`) so the server constrains its output, and validates the answer here, because a server may
 * ignore the constraint. `subject` and `people` are not published: they let the merge check the caption against
 * the built-in findings without parsing free text in seven languages.
 */
export const visionSuggestionSchema = z.strictObject({
  altText: z.string().trim().min(1).max(ALT_TEXT_LENGTH),
  title: z.string().trim().min(1).max(TITLE_LENGTH),
  description: z.string().trim().min(1).max(DESCRIPTION_LENGTH),
  tags: z.array(z.string().trim().min(1).max(40)).max(MAX_TAGS),
  /** The main subject as one English noun ("dog", "car", "landscape"), whatever the requested language. */
  subject: z.string().trim().min(1).max(40),
  /** How many people are visible. */
  people: z.number().int().min(0).max(1000),
});
export type VisionSuggestion = z.infer<typeof visionSuggestionSchema>;

/** The JSON schema both wire formats send (strict-mode compatible: every property required, no others). */
export const VISION_JSON_SCHEMA: Record<string, unknown> = (() => {
  // `$schema` is left out: OpenAI's strict mode accepts only the schema keywords it supports.
  const { $schema: _, ...schema } = z.toJSONSchema(visionSuggestionSchema, { target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  return schema;
})();
