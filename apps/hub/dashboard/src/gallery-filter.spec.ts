import type { ImageView, Tag } from '@tagphoto/contracts';
import { taggingResult } from '../../../../libs/contracts/testing/tagging-result';
import { galleryQuery, gallerySummary, NO_FILTER, thumbnailAlt } from './gallery-filter';

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
      ...taggingResult({ tags: labels.map(tag), altText, width: 10, height: 10, models: {} }),
      editedFields: [],
    },
  };
}

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

describe('galleryQuery', () => {
  it('asks nothing of an empty form', () => {
    expect(galleryQuery(NO_FILTER)).toEqual({});
    expect(galleryQuery({ ...NO_FILTER, tag: '  ', words: ' ' })).toEqual({});
  });

  it('sends each field that is set under its GET /v1/images name, text trimmed', () => {
    expect(
      galleryQuery({
        tag: ' harbour ',
        words: 'boats at dawn ',
        status: 'done',
        source: 'shopify',
        language: 'de',
        from: '2026-12-01',
        to: '2026-12-06',
        needsReview: true,
      }),
    ).toEqual({
      tag: 'harbour',
      q: 'boats at dawn',
      status: 'done',
      source: 'shopify',
      language: 'de',
      from: '2026-12-01',
      to: '2026-12-06',
      review: 'needed',
    });
  });
});

describe('gallerySummary', () => {
  it('counts every image, the images of one tag, or those matching several filters', () => {
    expect(gallerySummary('12', {})).toBe('12 images.');
    expect(gallerySummary('3', { tag: 'harbour' })).toBe('3 images have the tag “harbour”.');
    expect(gallerySummary('100+', { tag: 'harbour', review: 'needed' })).toBe('100+ images match the filters.');
    expect(gallerySummary('0', { q: 'lighthouse' })).toBe('0 images match the filters.');
    expect(gallerySummary('1', { q: 'lighthouse' })).toBe('1 image matches the filters.');
    expect(gallerySummary('1', { tag: 'harbour' })).toBe('1 image has the tag “harbour”.');
    expect(gallerySummary('1', {})).toBe('1 image.');
  });
});
