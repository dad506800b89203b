import {
  altHashOf,
  altWrittenByPerson,
  decodeMemory,
  encodeMemory,
  fitAltText,
  imageHashOf,
  newProductTags,
} from './alt-text';

describe('alt text for Shopify media', () => {
  it('leaves alt text within 512 characters as it is, whitespace tidied', () => {
    expect(fitAltText('  A white cup  of coffee\non a saucer ')).toBe('A white cup of coffee on a saucer');
  });

  it('cuts longer alt text at a word boundary to at most 512 characters, ending in an ellipsis', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const fitted = fitAltText(long);
    expect(fitted.length).toBeLessThanOrEqual(512);
    expect(fitted.endsWith('…')).toBe(true);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
    expect(long.charAt(fitted.length - 1)).toBe(' ');
  });

  it("tells a person's alt text from the alt text the hub wrote", () => {
    const ours = 'A cat lying on a blanket';
    const memory = { imageHash: imageHashOf('https://cdn.shopify.com/s/files/1/a.jpg?v=1'), altHash: altHashOf(ours) };
    expect(altWrittenByPerson(ours, memory)).toBe(false);
    expect(altWrittenByPerson('', memory)).toBe(false);
    expect(altWrittenByPerson(null, undefined)).toBe(false);
    expect(altWrittenByPerson('Our shop cat, Chelsea', memory)).toBe(true);
    expect(altWrittenByPerson('Our shop cat, Chelsea', undefined)).toBe(true);
    expect(altWrittenByPerson('Our shop cat, Chelsea', { ...memory, altHash: '' })).toBe(true);
  });

  it('remembers an image by its file, not by its version parameter, and round-trips the memory', () => {
    expect(imageHashOf('https://cdn.shopify.com/s/files/1/a.jpg?v=1')).toBe(
      imageHashOf('https://cdn.shopify.com/s/files/1/a.jpg?v=2'),
    );
    expect(imageHashOf('https://cdn.shopify.com/s/files/1/a.jpg')).not.toBe(
      imageHashOf('https://cdn.shopify.com/s/files/1/b.jpg'),
    );
    const memory = { imageHash: 'abc', altHash: '' };
    expect(decodeMemory(encodeMemory(memory))).toEqual(memory);
    expect(decodeMemory(undefined)).toBeUndefined();
  });

  it('adds prefixed product tags once, skipping the ones the product has', () => {
    expect(newProductTags(['cup', 'Coffee', 'cup', 'saucer'], 'ai:', ['ai:coffee', 'handmade'])).toEqual([
      'ai:cup',
      'ai:saucer',
    ]);
    expect(newProductTags(['a', 'b', 'c'], '', [], 2)).toEqual(['a', 'b']);
  });
});
