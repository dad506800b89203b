import type { Language } from '@tagphoto/contracts';

/** A tree of interface texts: nested groups of `{{placeholder}}` strings (i18next's format). */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** The same keys as `T`, any text: what a translation of an English tree must hold, nothing more, nothing less. */
export type Translation<T extends MessageTree> = {
  [K in keyof T]: T[K] extends MessageTree ? Translation<T[K]> : string;
};

/**
 * One part of the dashboard's texts in all seven languages of the results. English is written first and gives the
 * keys; the compiler refuses a translation with a key missing or one too many (the object literals are checked for
 * excess properties), and `messages.spec.ts` checks each translation keeps the English placeholders. Plurals are
 * i18next's `_one` / `_other` keys.
 */
export function messages<T extends MessageTree>(
  english: T,
  translations: Record<Exclude<Language, 'en'>, Translation<T>>,
): Record<Language, Translation<T>> {
  // English is its own translation: the same keys, and strings at the leaves.
  return { en: english as Translation<T>, ...translations };
}
