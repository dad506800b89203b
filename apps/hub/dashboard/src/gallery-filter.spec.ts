import type { ImageView, Tag } from '@tagphoto/contracts';
import { filterByTag, thumbnailAlt } from './gallery-filter';

const tag = (label: string): Tag => ({ label, confidence: 0.9, source: 'objects' });

function image(id: string, labels: string[], altText = ''): ImageView {
  return {
    id,
    status: 'done',
    error: null,
    stored: true,
    fileName: `${id}.jpg`,
    createdAt: '2026-11-29T00:00:00.000Z',
    result: {
      tags: labels.map(tag),
      title: '',
      description: '',
      altText,
      text: '',
      objects: [],
      colors: [],
      safety: { rating: 'safe', scores: {} },
      faces: { count: 0 },
      review: { needed: false, reasons: [] },
      sources: { title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' },
      width: 10,
      height: 10,
      language: 'en',
      models: {},
      editedFields: [],
    },
  };
}

describe('filterByTag', () => {
  const images = [image('cat', ['cat', 'sofa']), image('cup', ['coffee cup', 'table']), image('rocket', ['rocket'])];

  it('keeps every image for an empty query', () => {
    expect(filterByTag(images, '  ').map((found) => found.id)).toEqual(['cat', 'cup', 'rocket']);
  });

  it('finds images by a tag, ignoring case', () => {
    expect(filterByTag(images, 'CAT').map((found) => found.id)).toEqual(['cat']);
  });

  it('matches the start of any word of a multi-word tag', () => {
    expect(filterByTag(images, 'cup').map((found) => found.id)).toEqual(['cup']);
  });

  it('never shows images that are still being tagged for a query', () => {
    const queued: ImageView = { ...image('new', []), status: 'queued', result: null };
    expect(filterByTag([...images, queued], 'rocket').map((found) => found.id)).toEqual(['rocket']);
  });
});

describe('thumbnailAlt', () => {
  it("uses the image's own alt text", () => {
    expect(thumbnailAlt(image('cat', ['cat'], 'A cat on a sofa'))).toBe('A cat on a sofa');
  });

  it('says the image is still being tagged before it has alt text', () => {
    expect(thumbnailAlt({ ...image('new', []), status: 'processing', result: null })).toBe(
      'new.jpg (being tagged, no alt text yet)',
    );
  });
});
