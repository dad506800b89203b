import type { ImageView, Tag } from '@tagphoto/contracts';
import { taggingResult } from '../../../../libs/contracts/testing/tagging-result';
import { thumbnailAlt } from './gallery-filter';

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
