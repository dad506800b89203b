import type { Language } from '@tagphoto/contracts';
import { LANGUAGES } from '@tagphoto/contracts/languages';
import { LIBRARY } from './library.messages';
import { SETTINGS } from './settings.messages';
import { SHELL } from './shell.messages';

/** Every text of one language, by part of the dashboard: `t('shell.nav.images')`. */
function bundle(language: Language) {
  return { shell: SHELL[language], library: LIBRARY[language], settings: SETTINGS[language] };
}

export type Bundle = ReturnType<typeof bundle>;

export const RESOURCES = Object.fromEntries(
  LANGUAGES.map((language) => [language, { translation: bundle(language) }]),
) as Record<Language, { translation: Bundle }>;

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Bundle };
  }
}
