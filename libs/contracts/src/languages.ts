/**
 * Languages the engine writes tags, titles, descriptions and alt text in, and each one's name in itself. Free of zod
 * so the dashboard can import it without bundling a validator.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'] as const;

export const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
};

/** "A, B and C" as each language writes a list of things (TagPhoto's English: no comma before "and"). */
export function conjunctionList(language: (typeof LANGUAGES)[number], items: readonly string[]): string {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : language, { type: 'conjunction' }).format(items);
}

/**
 * The cookie the dashboard sets when a person picks its language, so the pages the hub renders itself (not found,
 * not set up) speak it too. A preference, nothing secret.
 */
export const LANGUAGE_COOKIE = 'tagphoto_language';
