import { LANGUAGES } from '@tagphoto/contracts';
import { COLOR_NAMES } from '../analyzers/color-names';
import { COCO_LABELS } from '../labels/coco-labels';
import { CATEGORY_KEYS, IMAGENET_CATEGORIES } from '../labels/imagenet-categories';
import { IMAGENET_LABELS } from '../labels/imagenet-labels';
import { canonicalKey } from './concepts';
import { LANGUAGE_PACKS, type Templates } from './i18n';
import { PICTURE_KINDS, SCENES, type SceneKey } from './picture';

const TRANSLATED = LANGUAGES.filter((language) => language !== 'en');
const PLACEHOLDERS: Record<keyof Templates, string[]> = {
  on: ['{subject}', '{object}'],
  with: ['{subject}', '{object}'],
  and: [],
  textReads: ['{quote}'],
  textLabel: ['{quote}'],
  quote: ['{text}'],
  titled: ['{kind}', '{quote}'],
  withText: ['{subject}', '{quote}'],
  kindOf: ['{kind}', '{object}'],
  onWhite: ['{subject}'],
  inScene: ['{subject}', '{setting}'],
};

function missingNouns(keys: readonly string[], language: (typeof LANGUAGES)[number]): string[] {
  const nouns = LANGUAGE_PACKS[language].nouns;
  return keys.filter((key) => !nouns[key]?.one.trim() || !nouns[key]?.other.trim());
}

describe.each(LANGUAGES)('translations (%s)', (language) => {
  const pack = LANGUAGE_PACKS[language];

  it('names every COCO label in singular and plural', () => {
    expect(COCO_LABELS).toHaveLength(80);
    expect(missingNouns(COCO_LABELS.map(canonicalKey), language)).toEqual([]);
  });

  it('names every category key, and every category the ImageNet table uses is a known key', () => {
    expect(missingNouns(CATEGORY_KEYS, language)).toEqual([]);
    const used = new Set(IMAGENET_CATEGORIES.flat());
    expect([...used].filter((key) => !CATEGORY_KEYS.includes(key))).toEqual([]);
  });

  it('names the concepts the composer adds itself: people and text', () => {
    expect(missingNouns(['person', 'people', 'text'], language)).toEqual([]);
  });

  it('gives nouns a grammatical gender where articles depend on it', () => {
    const needsGender = ['de', 'fr', 'es', 'it', 'pt'].includes(language);
    const withoutGender = Object.entries(pack.nouns)
      .filter(([, noun]) => !noun.gender)
      .map(([key]) => key);
    if (needsGender) expect(withoutGender).toEqual([]);
    else expect(withoutGender).toHaveLength(Object.keys(pack.nouns).length);
  });

  it('names every colour the colours analyzer can report', () => {
    expect(COLOR_NAMES.filter((name) => !pack.colors[name]?.trim())).toEqual([]);
  });

  it('names every kind of picture as a title, in running text and as a tag', () => {
    expect(
      PICTURE_KINDS.filter((kind) =>
        [pack.kinds[kind]?.title, pack.kinds[kind]?.alt, pack.kinds[kind]?.tag].some((w) => !w?.trim()),
      ),
    ).toEqual([]);
  });

  it('names every scene as a title, in running text, as a setting and as a tag', () => {
    const words = (scene: SceneKey) => [
      pack.scenes[scene]?.title,
      pack.scenes[scene]?.alt,
      pack.scenes[scene]?.setting,
      pack.scenes[scene]?.tag,
    ];
    expect(SCENES.filter((scene) => words(scene).some((w) => !w?.trim()))).toEqual([]);
  });

  it('has number words from two to ten', () => {
    for (let n = 2; n <= 10; n++) expect(pack.numbers[String(n)]).toMatch(/^\S+$/);
  });

  it('has every template, each with its placeholders', () => {
    for (const [name, placeholders] of Object.entries(PLACEHOLDERS)) {
      const template = pack.templates[name as keyof Templates];
      expect(template.trim()).not.toBe('');
      for (const placeholder of placeholders) expect(template).toContain(placeholder);
    }
  });
});

describe.each(TRANSLATED)('ImageNet translations (%s)', (language) => {
  it('translates every ImageNet label', () => {
    const table = LANGUAGE_PACKS[language].imagenet;
    expect(IMAGENET_LABELS).toHaveLength(1000);
    expect(IMAGENET_LABELS.filter((label) => !table[label]?.trim())).toEqual([]);
  });
});

describe('ImageNet names', () => {
  it('gives every class its own name, so a translation never mistakes one class for another', () => {
    expect(new Set(IMAGENET_LABELS).size).toBe(IMAGENET_LABELS.length);
    expect(LANGUAGE_PACKS.de.imagenet[IMAGENET_LABELS[134]]).toBe('Kranich');
    expect(LANGUAGE_PACKS.de.imagenet[IMAGENET_LABELS[517]]).toBe('Baukran');
  });

  it('clarifies in English only names of real classes, each differently from the first name', () => {
    const clarified = Object.entries(LANGUAGE_PACKS.en.imagenet);
    expect(clarified.length).toBeGreaterThan(0);
    for (const [label, english] of clarified) {
      expect(IMAGENET_LABELS).toContain(label);
      expect(english.trim()).not.toBe('');
      expect(english).not.toBe(label);
    }
  });
});

describe('ImageNet names used only in the plural', () => {
  it.each(LANGUAGES)('lists only real classes in %s', (language) => {
    const pluralOnly = [...LANGUAGE_PACKS[language].imagenetPluralOnly];
    expect(pluralOnly.filter((label) => !IMAGENET_LABELS.includes(label))).toEqual([]);
  });

  it('knows binoculars are plural in English and French, and one "Fernglas" in German', () => {
    expect(LANGUAGE_PACKS.en.imagenetPluralOnly.has('binoculars')).toBe(true);
    expect(LANGUAGE_PACKS.fr.imagenetPluralOnly.has('binoculars')).toBe(true);
    expect(LANGUAGE_PACKS.de.imagenetPluralOnly.has('binoculars')).toBe(false);
  });
});

describe.each(['de', 'fr', 'es', 'it', 'pt'] as const)('ImageNet genders (%s)', (language) => {
  const feminine = LANGUAGE_PACKS[language].imagenetFeminine;

  it('marks feminine only real classes, and a fair share of them', () => {
    expect([...feminine].filter((label) => !IMAGENET_LABELS.includes(label))).toEqual([]);
    expect(feminine.size).toBeGreaterThan(100);
    expect(feminine.size).toBeLessThan(900);
  });

  it('knows a scale and a mosque are feminine and a goldfinch is not', () => {
    expect(feminine.has('scale')).toBe(true);
    expect(feminine.has('mosque')).toBe(true);
    expect(feminine.has('goldfinch')).toBe(false);
  });
});

describe('translations differ from English', () => {
  it.each(TRANSLATED)('%s translates most nouns and colours rather than copying English', (language) => {
    const pack = LANGUAGE_PACKS[language];
    const english = LANGUAGE_PACKS.en;
    const nounKeys = Object.keys(english.nouns);
    const sameNouns = nounKeys.filter(
      (key) => pack.nouns[key].one.toLowerCase() === english.nouns[key].one.toLowerCase(),
    );
    const sameColors = COLOR_NAMES.filter(
      (name) => pack.colors[name].toLowerCase() === english.colors[name].toLowerCase(),
    );
    expect(sameNouns.length / nounKeys.length).toBeLessThan(0.35);
    expect(sameColors.length / COLOR_NAMES.length).toBeLessThan(0.35);
  });
});
