import { LANGUAGES } from '@tagphoto/contracts/languages';
import { RESOURCES } from './resources';

type Tree = { [key: string]: string | Tree };

/** Every text of a tree by its dotted key. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') found.set(path, value);
    else for (const [inner, text] of leaves(value, `${path}.`)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

const english = leaves(RESOURCES.en.translation);

describe('the dashboard’s translations', () => {
  it('has texts for each part of the dashboard', () => {
    for (const part of Object.keys(RESOURCES.en.translation)) {
      expect([part, [...english.keys()].filter((key) => key.startsWith(`${part}.`)).length > 10]).toEqual([part, true]);
    }
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every English text, none empty, with the same placeholders',
    (language) => {
      const translated = leaves(RESOURCES[language].translation);
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        const translation = translated.get(key) ?? '';
        expect({ key, text: translation.trim() === '' ? '' : 'present' }).toEqual({ key, text: 'present' });
        expect({ key, placeholders: placeholders(translation) }).toEqual({ key, placeholders: placeholders(text) });
      }
    },
  );

  it('gives each plural both its “one” and its “other” form', () => {
    for (const key of english.keys()) {
      const plural = /^(.*)_(one|other)$/.exec(key);
      if (!plural) continue;
      expect([key, english.has(`${plural[1]}_one`) && english.has(`${plural[1]}_other`)]).toEqual([key, true]);
    }
  });
});
