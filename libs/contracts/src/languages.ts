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

/**
 * "A, B and C" as a language (or a browser's locale, de-AT) writes a list of things; TagPhoto's English has no comma
 * before "and", as Intl's British English.
 */
export function conjunctionFormat(language: string): Intl.ListFormat {
  const locale = language === 'en' || language.startsWith('en-') ? 'en-GB' : language;
  return new Intl.ListFormat(locale, { type: 'conjunction' });
}

export const conjunctionList = (language: string, items: readonly string[]): string =>
  conjunctionFormat(language).format(items);

/**
 * The cookie the dashboard sets when a person picks its language, so the pages the hub renders itself (not found,
 * not set up) speak it too. A preference, nothing secret.
 */
export const LANGUAGE_COOKIE = 'tagphoto_language';
