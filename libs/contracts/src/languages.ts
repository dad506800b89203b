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
 * The cookie the dashboard sets when a person picks its language, so the pages the hub renders itself (not found,
 * not set up) speak it too. A preference, nothing secret.
 */
export const LANGUAGE_COOKIE = 'tagphoto_language';
