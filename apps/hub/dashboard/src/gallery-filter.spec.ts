import type { ImageView, Tag } from '@tagphoto/contracts';
import { taggingResult } from '../../../../libs/contracts/testing/tagging-result';
import { galleryQuery, gallerySummary, NO_FILTER, sourceNames, statusNames, thumbnailAlt } from './gallery-filter';
import { translator } from './i18n/translator';

const t = translator('en');
const de = translator('de');

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
    expect(thumbnailAlt(image('cat', ['cat'], 'A cat on a sofa'), t)).toBe('A cat on a sofa');
  });

  it('says the image is still being tagged before it has alt text', () => {
    expect(thumbnailAlt({ ...image('new', []), status: 'processing', result: null }, t)).toBe(
      'new.jpg (being tagged, no alt text yet)',
    );
  });

  it('says so in the language of the dashboard, naming an image without a file name', () => {
    expect(thumbnailAlt({ ...image('new', []), status: 'failed', result: null, fileName: null }, de)).toBe(
      'Bild (konnte nicht getaggt werden)',
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
    expect(gallerySummary('12', {}, t)).toBe('12 images.');
    expect(gallerySummary('3', { tag: 'harbour' }, t)).toBe('3 images have the tag “harbour”.');
    expect(gallerySummary('100+', { tag: 'harbour', review: 'needed' }, t)).toBe('100+ images match the filters.');
    expect(gallerySummary('0', { q: 'lighthouse' }, t)).toBe('0 images match the filters.');
    expect(gallerySummary('1', { q: 'lighthouse' }, t)).toBe('1 image matches the filters.');
    expect(gallerySummary('1', { tag: 'harbour' }, t)).toBe('1 image has the tag “harbour”.');
    expect(gallerySummary('1', {}, t)).toBe('1 image.');
  });

  it('takes the plural of the dashboard’s language', () => {
    expect(gallerySummary('1', { tag: 'Hafen' }, de)).toBe('1 Bild hat den Tag „Hafen“.');
    expect(gallerySummary('3', { tag: 'Hafen' }, de)).toBe('3 Bilder haben den Tag „Hafen“.');
    expect(gallerySummary('100+', { q: 'Leuchtturm' }, de)).toBe('100+ Bilder entsprechen den Filtern.');
    // French counts zero as one.
    expect(gallerySummary('0', {}, translator('fr'))).toBe('0 image.');
  });
});

describe('the names of the filter choices', () => {
  it('reads statuses and sources in the dashboard’s language, product names as they are', () => {
    expect(statusNames(t).processing).toBe('Being tagged');
    expect(statusNames(de).failed).toBe('Konnte nicht getaggt werden');
    expect(sourceNames(t)).toMatchObject({
      upload: 'Uploaded here',
      url: 'API, from an address',
      drive: 'Google Drive',
    });
    expect(sourceNames(de)).toMatchObject({ upload: 'Hier hochgeladen', shopify: 'Shopify' });
  });
});
