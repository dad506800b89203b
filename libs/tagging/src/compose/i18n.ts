import type { Language } from '@tagphoto/contracts';
import type { PictureKind, SceneKey } from './picture';
import de from './i18n/de.json';
import en from './i18n/en.json';
import es from './i18n/es.json';
import fr from './i18n/fr.json';
import imagenetDe from './i18n/imagenet/de.json';
import imagenetEn from './i18n/imagenet/en.json';
import imagenetEs from './i18n/imagenet/es.json';
import imagenetFeminine from './i18n/imagenet/feminine.json';
import imagenetFr from './i18n/imagenet/fr.json';
import imagenetIt from './i18n/imagenet/it.json';
import imagenetNl from './i18n/imagenet/nl.json';
import imagenetPluralOnly from './i18n/imagenet/plural-only.json';
import imagenetPt from './i18n/imagenet/pt.json';
import it from './i18n/it.json';
import nl from './i18n/nl.json';
import pt from './i18n/pt.json';

/** How a noun is written: singular, plural, grammatical gender (m/f/n) and, when it differs, the tag form. */
export interface NounForms {
  one: string;
  other: string;
  gender?: string;
  /** Tag label when the countable singular reads badly as a tag ("pair of scissors" → "scissors"). */
  tag?: string;
  /** A word used only in the plural for one thing ("binoculars", "des jumelles"): it takes a plural article or none. */
  pluralOnly?: boolean;
}

/** Sentence templates; `{subject}`, `{object}`, `{kind}`, `{setting}`, `{quote}`, `{text}` are filled in by the composer. */
export interface Templates {
  on: string;
  with: string;
  and: string;
  textReads: string;
  textLabel: string;
  quote: string;
  /** A text picture's title: "Screenshot: "Welcome…"". */
  titled: string;
  /** A text picture's alt text: "A screenshot with the text "Welcome…"". */
  withText: string;
  /** "A painting of a boat": `{kind}` with its article, `{object}` in the object role. */
  kindOf: string;
  /** A product shot: "A bag on a white background". */
  onWhite: string;
  /** "A boat by a lake": `{setting}` from the scene. */
  inScene: string;
}

/** How a kind of picture is named: alone as a title, with its article in running text, as a tag. */
export interface KindWords {
  title: string;
  alt: string;
  tag: string;
}

/** How a setting is named: as a title, alone in running text, after a subject ("by a lake"), as a tag. */
export interface SceneWords extends KindWords {
  setting: string;
}

/** Everything the composer writes in one language; keys are canonical English keys. */
export interface LanguagePack {
  /** COCO labels, category keys, `people` and `text`. */
  nouns: Record<string, NounForms>;
  colors: Record<string, string>;
  kinds: Record<PictureKind, KindWords>;
  scenes: Record<SceneKey, SceneWords>;
  /** Number words for 2–10; `numbersFeminine` overrides them for feminine nouns where they differ. */
  numbers: Record<string, string>;
  numbersFeminine: Record<string, string>;
  templates: Templates;
  /**
   * ImageNet class name → translation. English keeps the class names except where a first name misleads
   * ("ear" for an ear of corn, "nipple" for a baby bottle's teat, "cock" for a rooster): those are clarified.
   */
  imagenet: Record<string, string>;
  /**
   * ImageNet class names whose translation is feminine; the others take the masculine (or neuter) article. Empty for
   * English and Dutch, whose indefinite article ("a", "een") does not change with gender.
   */
  imagenetFeminine: ReadonlySet<string>;
  /** ImageNet class names whose translation is used only in the plural ("binoculars", "lunettes de soleil"). */
  imagenetPluralOnly: ReadonlySet<string>;
}

/** A language's pack: its words, with the ImageNet names and their gender and number. */
function pack(
  language: Language,
  words: Omit<LanguagePack, 'imagenet' | 'imagenetFeminine' | 'imagenetPluralOnly'>,
  imagenet: Record<string, string>,
): LanguagePack {
  const feminine: Partial<Record<Language, string[]>> = imagenetFeminine;
  return {
    ...words,
    imagenet,
    imagenetFeminine: new Set(feminine[language] ?? []),
    imagenetPluralOnly: new Set(imagenetPluralOnly[language]),
  };
}

export const LANGUAGE_PACKS: Readonly<Record<Language, LanguagePack>> = {
  en: pack('en', en, imagenetEn),
  de: pack('de', de, imagenetDe),
  fr: pack('fr', fr, imagenetFr),
  es: pack('es', es, imagenetEs),
  it: pack('it', it, imagenetIt),
  pt: pack('pt', pt, imagenetPt),
  nl: pack('nl', nl, imagenetNl),
};
