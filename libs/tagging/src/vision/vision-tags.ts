import type { Language, Tag } from '@tagphoto/contracts';
import { type Candidate, candidateLabel, type Kind, vocabularyTag } from '../compose/composer';
import { canonicalKey } from '../compose/concepts';
import { LANGUAGE_PACKS } from '../compose/i18n';
import type { ComposeOptions } from '../compose/composer';

/**
 * Confidence given to a tag only the vision model proposed. The model reports no probability: this is a fixed
 * prior, below a confident detection and above the default cut-off, so a caller's minConfidence still applies.
 */
export const VISION_TAG_CONFIDENCE = 0.6;

/** Every written form of a concept in one language (noun forms, tag form, ImageNet class, colour) → its key. */
const FORMS = new Map<Language, Map<string, { kind: Kind; key: string }>>();

function formsOf(language: Language): Map<string, { kind: Kind; key: string }> {
  let forms = FORMS.get(language);
  if (forms) return forms;
  forms = new Map();
  const pack = LANGUAGE_PACKS[language];
  for (const [key, name] of Object.entries(pack.imagenet))
    forms.set(name.toLocaleLowerCase(), { kind: 'imagenet', key });
  for (const [key, name] of Object.entries(pack.colors)) forms.set(name.toLocaleLowerCase(), { kind: 'color', key });
  for (const [key, noun] of Object.entries(pack.nouns)) {
    for (const form of [noun.one, noun.other, noun.tag])
      if (form) forms.set(form.toLocaleLowerCase(), { kind: 'noun', key });
  }
  FORMS.set(language, forms);
  return forms;
}

/** The concept a vision tag names: a known noun, ImageNet class or colour in its language or English, else the word itself. */
export function conceptOf(tag: string, language: Language): { kind: Kind; key: string } {
  const text = tag.trim().toLocaleLowerCase();
  const english = canonicalKey(text);
  if (english in LANGUAGE_PACKS.en.nouns) return { kind: 'noun', key: english };
  return formsOf(language).get(text) ?? formsOf('en').get(text) ?? { kind: 'imagenet', key: text };
}

/**
 * The vision model's tags as the built-in tags are written: through the same synonyms, translations and caller's
 * vocabulary, deduplicated against the built-in tags (which keep their own confidence and source). Colour words
 * are dropped: colours are measured by the built-in analyzer alone.
 */
export function visionTags(
  proposed: readonly string[],
  builtIn: readonly Tag[],
  language: Language,
  options: ComposeOptions,
): Tag[] {
  const pack = LANGUAGE_PACKS[language];
  const seen = new Set(builtIn.map((tag) => tag.label.toLocaleLowerCase()));
  const added: Tag[] = [];
  if (VISION_TAG_CONFIDENCE < (options.minConfidence ?? 0)) return added;
  for (const text of proposed) {
    const concept = conceptOf(text, language);
    if (concept.kind === 'color') continue;
    const candidate: Candidate = { ...concept, confidence: VISION_TAG_CONFIDENCE, source: 'vision' };
    const fromVocabulary = options.vocabulary ? vocabularyTag(options.vocabulary, language, candidate) : undefined;
    if (options.vocabulary && fromVocabulary === undefined && !options.keepUnknown) continue;
    const label = fromVocabulary ?? candidateLabel(pack, candidate);
    if (seen.has(label.toLocaleLowerCase())) continue;
    seen.add(label.toLocaleLowerCase());
    added.push({ label, confidence: VISION_TAG_CONFIDENCE, source: 'vision' });
  }
  return added;
}
