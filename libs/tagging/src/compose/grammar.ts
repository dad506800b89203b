import type { Language } from '@tagphoto/contracts';
import type { LanguagePack, NounForms } from './i18n';

/** Where a noun phrase stands: a title's subject, a sentence's subject, or after a preposition. */
export type Role = 'title' | 'subject' | 'object';

/** Languages whose titles name a single subject without an article ("Cat on a sofa", "Katze auf einem Sofa"). */
const BARE_TITLE_SUBJECT: ReadonlySet<Language> = new Set<Language>(['en', 'de', 'nl']);

const ITALIAN_UNO = /^(s[^aeiouàèéìòù]|z|gn|ps|pn|x|y)/i;
/** Spanish feminine nouns that begin with a stressed "a" take "un": "un águila", "un arpa", "un ala". */
const SPANISH_STRESSED_A =
  /^(h?á|(agua|ala|alga|alma|ama|ancla|área|arma|arpa|asa|asta|aula|ave|haba|habla|hacha|hada|hambre)\b)/i;
const VOWEL_START = /^[aeiouàáâãèéêìíòóôõùú]/i;

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A plural-only noun for one thing: no article in English, the plural indefinite one elsewhere ("des jumelles"). */
function withPluralArticle(language: Language, noun: NounForms): string {
  const word = noun.one;
  const feminine = noun.gender === 'f';
  switch (language) {
    case 'fr':
      return `des ${word}`;
    case 'es':
      return `${feminine ? 'unas' : 'unos'} ${word}`;
    case 'it':
      return `${feminine ? 'delle' : VOWEL_START.test(word) || ITALIAN_UNO.test(word) ? 'degli' : 'dei'} ${word}`;
    case 'pt':
      return `${feminine ? 'umas' : 'uns'} ${word}`;
    default:
      return word;
  }
}

/** Singular noun with its indefinite article; German needs the case (nominative for subjects, dative after on/with). */
function withIndefiniteArticle(language: Language, noun: NounForms, role: Role): string {
  if (noun.pluralOnly) return withPluralArticle(language, noun);
  const word = noun.one;
  switch (language) {
    case 'en':
      return `${VOWEL_START.test(word) ? 'an' : 'a'} ${word}`;
    case 'de': {
      const article =
        role === 'object' ? (noun.gender === 'f' ? 'einer' : 'einem') : noun.gender === 'f' ? 'eine' : 'ein';
      return `${article} ${word}`;
    }
    case 'fr':
      return `${noun.gender === 'f' ? 'une' : 'un'} ${word}`;
    case 'es':
      return `${noun.gender === 'f' && !SPANISH_STRESSED_A.test(word) ? 'una' : 'un'} ${word}`;
    case 'it':
      if (noun.gender === 'f') return VOWEL_START.test(word) ? `un'${word}` : `una ${word}`;
      return `${ITALIAN_UNO.test(word) ? 'uno' : 'un'} ${word}`;
    case 'pt':
      return `${noun.gender === 'f' ? 'uma' : 'um'} ${word}`;
    case 'nl':
      return `een ${word}`;
  }
}

function numberWord(pack: LanguagePack, count: number, noun: NounForms): string {
  const key = String(count);
  if (noun.gender === 'f' && pack.numbersFeminine[key]) return pack.numbersFeminine[key];
  return pack.numbers[key] ?? key;
}

/** German dative plural adds -n unless the plural already ends in -n or -s ("mit zwei Bällen"). */
function pluralForm(language: Language, noun: NounForms, role: Role): string {
  if (language === 'de' && role === 'object' && !/[ns]$/.test(noun.other)) return `${noun.other}n`;
  return noun.other;
}

/** "a cat", "two cats", "Katze" (German title), "einer Bank" (German dative), "un chat"… */
export function countedNoun(
  language: Language,
  pack: LanguagePack,
  noun: NounForms,
  count: number,
  role: Role,
): string {
  if (count <= 1) {
    if (role === 'title' && BARE_TITLE_SUBJECT.has(language)) return noun.one;
    return withIndefiniteArticle(language, noun, role);
  }
  return `${numberWord(pack, count, noun)} ${pluralForm(language, noun, role)}`;
}

/** "a, b and c" */
export function joinList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
