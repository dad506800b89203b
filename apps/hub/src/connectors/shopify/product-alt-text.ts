import type { Language } from '@tagphoto/contracts';
import { fitAltText } from './alt-text';

/** Screen readers and image SEO guidance both stop at about this many characters. */
export const PRODUCT_ALT_TEXT_LIMIT = 125;

/** What the merchant knows about the product a picture belongs to. */
export interface ProductFacts {
  title: string;
  vendor?: string | null;
  productType?: string | null;
}

/** Which of the product's facts the shop wants woven in (the title always is). */
export interface ProductAltTextOptions {
  vendor: boolean;
  productType: boolean;
}

interface LanguageWords {
  /** "Aurora by Studio North". */
  by: string;
  /** Articles and other words that say nothing about what is pictured. */
  filler: ReadonlySet<string>;
  /** Words that end the subject of the engine's sentence: "A bag | on a white background". */
  subjectEnds: ReadonlySet<string>;
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

const LANGUAGE_WORDS: Record<Language, LanguageWords> = {
  en: {
    by: 'by',
    filler: words('a an the some'),
    subjectEnds: words('on with in by at near under against beside behind'),
  },
  de: {
    by: 'von',
    filler: words('ein eine einer eines einem einen der die das den dem des'),
    subjectEnds: words('auf mit in im vor an am bei unter neben'),
  },
  fr: {
    by: 'par',
    filler: words('un une le la les l des du de d'),
    subjectEnds: words('sur avec dans devant sous pres au a'),
  },
  es: {
    by: 'de',
    filler: words('un una unos unas el la los las de del'),
    subjectEnds: words('sobre con en junto bajo ante'),
  },
  it: {
    by: 'di',
    filler: words('un uno una il lo la i gli le l di del della'),
    subjectEnds: words('su sul sulla con in nel nella davanti sotto accanto'),
  },
  pt: {
    by: 'de',
    filler: words('um uma uns umas o a os as de do da'),
    subjectEnds: words('sobre com em no na num numa junto sob'),
  },
  nl: { by: 'van', filler: words('een de het van'), subjectEnds: words('op met in bij voor onder naast') },
};

/** Lower case, without accents, so "Tasse" and "tasse", "café" and "cafe" are the same word. */
const plain = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A crude stem: plural and inflection endings off, so "bags" repeats "bag" and "Tassen" repeats "Tasse". */
const stem = (word: string): string => (word.length > 3 ? word.replace(/(en|es|s|e|n)$/, '') : word);

const tokens = (text: string): string[] => (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(plain);

/** The words of a text that carry meaning, stemmed. */
function contentWords(text: string, language: Language): Set<string> {
  const { filler } = LANGUAGE_WORDS[language];
  return new Set(
    tokens(text)
      .filter((word) => !filler.has(word))
      .map(stem),
  );
}

/** True when every meaningful word of `part` is already said by `said`: adding it would only repeat. */
function repeats(part: string, said: string, language: Language): boolean {
  const partWords = contentWords(part, language);
  if (partWords.size === 0) return true;
  const saidWords = contentWords(said, language);
  return [...partWords].every((word) => saidWords.has(word));
}

/** "A bag on a white background" → subject "A bag", rest "on a white background". */
function splitSubject(description: string, language: Language): { subject: string; rest: string } {
  const { subjectEnds } = LANGUAGE_WORDS[language];
  const parts = description.split(' ');
  const end = parts.findIndex((word, index) => index > 0 && subjectEnds.has(plain(word)));
  if (end < 0) return { subject: description, rest: '' };
  return { subject: parts.slice(0, end).join(' '), rest: parts.slice(end).join(' ') };
}

/** Cuts `text` so that `text + suffix` fits the limit; empty when too little of it would be left to be useful. */
function fitBefore(text: string, suffix: string, limit: number): string {
  const room = limit - suffix.length;
  if (room < 20) return '';
  return fitAltText(text, room);
}

/**
 * Alt text that names the product as well as the picture, in the shop's language and within 125 characters:
 * "Red leather tote bag on a white background — Aurora by Studio North". When the product's type or title names
 * the pictured subject, it takes the subject's place rather than repeating it; a product fact the picture's
 * description already says is left out. What does not fit goes first: the type, then the vendor, then the end of
 * the picture's description; the title stays.
 */
export function productAltText(
  description: string,
  product: ProductFacts,
  options: ProductAltTextOptions,
  language: Language,
  limit = PRODUCT_ALT_TEXT_LIMIT,
): string {
  const picture = description.replace(/\s+/g, ' ').trim().replace(/[.]+$/, '');
  const title = product.title.replace(/\s+/g, ' ').trim();
  const vendor = options.vendor ? (product.vendor ?? '').trim() : '';
  const productType = options.productType ? (product.productType ?? '').trim() : '';
  const { by } = LANGUAGE_WORDS[language];

  const compose = (withType: boolean, withVendor: boolean, max: number): string => {
    const type = withType ? productType : '';
    const maker = withVendor ? vendor : '';
    const { subject, rest } = splitSubject(picture, language);
    // The product's own name for what is pictured replaces the engine's generic one ("A bag" → "Red leather tote bag").
    const noun = [type, title].find((name) => name && subject && repeats(subject, name, language));
    let lead = picture;
    let usedType = false;
    let usedTitle = false;
    if (noun) {
      lead = rest ? `${noun} ${rest}` : noun;
      usedType = noun === type;
      usedTitle = noun === title;
    }
    const facts: string[] = [];
    const saidSoFar = (): string => [lead, ...facts].join(' ');
    if (!usedTitle && title && !repeats(title, lead, language)) facts.push(title);
    if (type && !usedType && !repeats(type, saidSoFar(), language)) facts.push(`(${type})`);
    const named = facts.join(' ');
    if (maker && !repeats(maker, saidSoFar(), language)) {
      if (named) return joinParts(lead, `${named} ${by} ${maker}`, max);
      // The title already leads the sentence: the vendor goes right after it ("Speckled mug by Studio North on …").
      if (usedTitle && rest) return fitAltText(`${title} ${by} ${maker} ${rest}`, max);
      return joinParts(lead, `${by} ${maker}`, max);
    }
    return named ? joinParts(lead, named, max) : fitAltText(lead, max);
  };

  // The richest wording that fits whole; otherwise title and picture only, the picture's description cut.
  for (const [withType, withVendor] of [
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ] as const) {
    const whole = compose(withType, withVendor, Number.POSITIVE_INFINITY);
    if (whole.length <= limit) return whole;
  }
  return compose(false, false, limit);
}

/** "<picture> — <product>", cutting the picture's description first so the product's name survives. */
function joinParts(lead: string, product: string, limit: number): string {
  const whole = `${lead} — ${product}`;
  if (whole.length <= limit) return whole;
  const cutLead = fitBefore(lead, ` — ${product}`, limit);
  return cutLead ? `${cutLead} — ${product}` : fitAltText(product, limit);
}
