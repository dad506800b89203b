import { LANGUAGES, type Language } from '@tagphoto/contracts';
import WORDS from './language-words.json';

const STOP_WORDS: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  LANGUAGES.map((language) => [language, new Set(WORDS.stopWords[language])]),
);

/** Words that name people in each language, for checking a caption's claim of people against the detector. */
export const PEOPLE_WORDS: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  LANGUAGES.map((language) => [language, new Set(WORDS.peopleWords[language])]),
);

/** Lower-case words of a text, letters only (apostrophes split: "l'image" → "l", "image"). */
export function wordsOf(text: string): string[] {
  return text.toLocaleLowerCase().match(/\p{L}+/gu) ?? [];
}

/**
 * A cheap check that a caption is written in the requested language: counts each of the seven languages' common
 * short words (articles, prepositions, conjunctions; language-words.json) and returns the language that clearly
 * leads over the requested one, or undefined when the requested one leads, ties, or no such word occurs (a
 * two-word title). It only tells the seven apart on caption-length text; it does not identify other languages.
 */
export function otherLanguageOf(text: string, requested: Language): Language | undefined {
  const words = wordsOf(text);
  const hits = (language: Language) => words.filter((word) => STOP_WORDS.get(language)!.has(word)).length;
  const own = hits(requested);
  let leader: { language: Language; hits: number } | undefined;
  for (const language of LANGUAGES) {
    const count = hits(language);
    if (language !== requested && count > own && (!leader || count > leader.hits)) leader = { language, hits: count };
  }
  return leader?.language;
}
