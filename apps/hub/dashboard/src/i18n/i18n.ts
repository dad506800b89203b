import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@tagphoto/contracts';
import { LANGUAGE_COOKIE, LANGUAGES } from '@tagphoto/contracts/languages';
import { RESOURCES } from './resources';

/** Where the dashboard keeps the language a person picked; without one it follows the browser's languages. */
export const LANGUAGE_STORAGE_KEY = 'tagphoto.language';

/**
 * The dashboard's texts in the seven languages of the results: the one picked on this browser, else the first of
 * the browser's languages TagPhoto speaks (de-AT reads German), else English. `<html lang>` follows.
 */
export const i18n = i18next.createInstance();

// The language spoken, not the one asked for: a browser asking for de-AT or ja reads de or en.
i18n.on('languageChanged', () => {
  document.documentElement.lang = currentLanguage();
});

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: RESOURCES,
    supportedLngs: LANGUAGES,
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only a language picked in the header is kept; a detected one is detected again next time.
      caches: [],
    },
  });

/** The language the dashboard speaks now, as one of the seven codes. */
export function currentLanguage(): Language {
  const resolved = i18n.resolvedLanguage;
  return LANGUAGES.find((language) => language === resolved) ?? 'en';
}

/** A person's pick in the header: spoken at once, and kept on this browser over its own languages. */
export function chooseLanguage(language: string): void {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  // The pages the hub renders itself (not found, not set up) read the pick from this cookie.
  document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(language)}; path=/; max-age=31536000; samesite=lax`;
  void i18n.changeLanguage(language);
}
