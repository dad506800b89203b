import { LANGUAGES } from '@tagphoto/contracts';
import { PRODUCT_ALT_TEXT_LIMIT, productAltText } from './product-alt-text';

const ALL = { vendor: true, productType: true };
const TITLE_ONLY = { vendor: false, productType: false };

/** How often a word (lower case, accents kept) occurs in a text. */
const occurrences = (text: string, word: string): number =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w === word).length;

describe('product-aware alt text for Shopify media', () => {
  it('lets the product type name the pictured subject and adds title and vendor after it', () => {
    const product = { title: 'Aurora', vendor: 'Studio North', productType: 'Red leather tote bag' };
    expect(productAltText('A bag', product, ALL, 'en')).toBe('Red leather tote bag — Aurora by Studio North');
    expect(productAltText('A bag on a white background', product, ALL, 'en')).toBe(
      'Red leather tote bag on a white background — Aurora by Studio North',
    );
  });

  it('weaves in only the title unless the shop chose vendor or type', () => {
    const product = { title: 'Aurora', vendor: 'Studio North', productType: 'Red leather tote bag' };
    expect(productAltText('A bag on a white background', product, TITLE_ONLY, 'en')).toBe(
      'A bag on a white background — Aurora',
    );
    expect(productAltText('A bag on a white background', product, { vendor: true, productType: false }, 'en')).toBe(
      'A bag on a white background — Aurora by Studio North',
    );
  });

  it('never repeats what the picture already says', () => {
    // The title names the subject: it replaces "A mug" instead of following it.
    const mug = productAltText(
      'A mug on a white background',
      { title: 'Speckled stoneware mug', vendor: 'Studio North' },
      ALL,
      'en',
    );
    expect(mug).toBe('Speckled stoneware mug by Studio North on a white background');
    expect(occurrences(mug, 'mug')).toBe(1);
    // A plural in the description still counts as the same thing.
    expect(productAltText('Two cups on a table', { title: 'Cup' }, TITLE_ONLY, 'en')).toBe('Two cups on a table');
    // A vendor or type the title already contains is not said twice.
    const tote = productAltText(
      'A bag',
      { title: 'Studio North leather tote', vendor: 'Studio North', productType: 'Tote' },
      ALL,
      'en',
    );
    expect(occurrences(tote, 'north')).toBe(1);
    expect(occurrences(tote, 'tote')).toBe(1);
    // A title that names something else than the subject is added, not substituted.
    expect(productAltText('A cat on a sofa', { title: 'Linen cushion cover' }, TITLE_ONLY, 'en')).toBe(
      'A cat on a sofa — Linen cushion cover',
    );
  });

  it("writes in the shop's language, whichever of the seven it is", () => {
    const cases: Record<(typeof LANGUAGES)[number], [string, string, string]> = {
      en: ['A mug on a white background', 'Speckled mug', 'Speckled mug by Studio North on a white background'],
      de: [
        'Eine Tasse vor weißem Hintergrund',
        'Gesprenkelte Tasse',
        'Gesprenkelte Tasse von Studio North vor weißem Hintergrund',
      ],
      fr: ['Une tasse sur fond blanc', 'Tasse mouchetée', 'Tasse mouchetée par Studio North sur fond blanc'],
      es: ['Una taza sobre fondo blanco', 'Taza moteada', 'Taza moteada de Studio North sobre fondo blanco'],
      it: ['Una tazza su sfondo bianco', 'Tazza screziata', 'Tazza screziata di Studio North su sfondo bianco'],
      pt: ['Uma caneca em fundo branco', 'Caneca salpicada', 'Caneca salpicada de Studio North em fundo branco'],
      nl: [
        'Een mok op een witte achtergrond',
        'Gespikkelde mok',
        'Gespikkelde mok van Studio North op een witte achtergrond',
      ],
    };
    for (const language of LANGUAGES) {
      const [description, title, expected] = cases[language];
      expect(productAltText(description, { title, vendor: 'Studio North' }, ALL, language)).toBe(expected);
    }
    // Accents do not hide a repetition: "Café" in the title is the "cafe" the picture shows.
    expect(productAltText('Un café sur une table', { title: 'Cafe' }, TITLE_ONLY, 'fr')).toBe('Cafe sur une table');
  });

  it('stays within 125 characters, dropping the type, then the vendor, then the end of the description, never the title', () => {
    const product = {
      title: 'Aurora weekender in full-grain vegetable-tanned leather',
      vendor: 'Studio North Leather Goods Company',
      productType: 'Luggage and travel accessories',
    };
    const description =
      'A bag on a wooden bench in front of a brick wall with a window and a bicycle leaning against it';
    const text = productAltText(description, product, ALL, 'en');
    expect(text.length).toBeLessThanOrEqual(PRODUCT_ALT_TEXT_LIMIT);
    expect(text).toContain(product.title);
    expect(text).not.toContain('Luggage');

    const long = productAltText(
      description,
      { ...product, productType: null },
      { vendor: true, productType: false },
      'en',
    );
    expect(long.length).toBeLessThanOrEqual(PRODUCT_ALT_TEXT_LIMIT);
    expect(long.endsWith(`— ${product.title}`)).toBe(true);
    expect(long).toMatch(/^A bag on a wooden bench .*… — /);

    const fits = productAltText('A bag on a wooden bench', product, { vendor: true, productType: false }, 'en');
    expect(fits).toBe(`A bag on a wooden bench — ${product.title} by ${product.vendor}`);
    expect(fits.length).toBeLessThanOrEqual(PRODUCT_ALT_TEXT_LIMIT);

    const hugeTitle = 'Handmade '.repeat(30).trim();
    const cut = productAltText('A bag', { title: hugeTitle }, TITLE_ONLY, 'en');
    expect(cut.length).toBeLessThanOrEqual(PRODUCT_ALT_TEXT_LIMIT);
    expect(cut.endsWith('…')).toBe(true);
  });
});
