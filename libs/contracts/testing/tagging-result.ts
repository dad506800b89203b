import type { TaggingResult } from '../src';

/**
 * A finished result for specs: a plain picture with nothing detected, rated safe, no review needed. A spec sets only
 * the fields it is about.
 */
export function taggingResult(fields: Partial<TaggingResult> = {}): TaggingResult {
  return {
    tags: [],
    title: '',
    description: '',
    altText: '',
    text: '',
    objects: [],
    colors: [],
    safety: { rating: 'safe', scores: {} },
    faces: { count: 0 },
    review: { needed: false, reasons: [] },
    sources: { title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' },
    width: 640,
    height: 480,
    language: 'en',
    models: { engine: '1' },
    ...fields,
  };
}
