import type { Request } from 'express';
import { LANGUAGE_COOKIE, LANGUAGES, type Language } from '@tagphoto/contracts';

/**
 * The language of a page the hub renders itself (not found, not set up): the one picked in the dashboard, else the
 * first of the browser's Accept-Language that TagPhoto speaks (de-AT reads German), else English.
 */
export function pageLanguage(request: Request): Language {
  const picked: unknown = request.cookies?.[LANGUAGE_COOKIE];
  const chosen = LANGUAGES.find((language) => language === picked);
  if (chosen) return chosen;
  const accepted = request.acceptsLanguages([...LANGUAGES]);
  return LANGUAGES.find((language) => language === accepted) ?? 'en';
}
