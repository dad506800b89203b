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
