import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../../../../libs/contracts/testing/tagging-result';
import { applyEdit, keepEdits, mergeEditedFields } from './result-edits';

const engineResult = (altText: string, title: string, labels: string[]): TaggingResult =>
  taggingResult({
    tags: labels.map((label, index) => ({ label, confidence: 0.9 - index / 10, source: 'objects' })),
    title,
    description: `${title}.`,
    altText,
  });

describe('a person editing a result', () => {
  const result = engineResult('A cat.', 'Cat', ['cat', 'sofa']);

  it('replaces the alt text and names only the fields it touched', () => {
    const edited = applyEdit(result, { altText: 'Chelsea the tabby asleep on a red sofa' });
    expect(edited.result.altText).toBe('Chelsea the tabby asleep on a red sofa');
    expect(edited.result.title).toBe('Cat');
    expect(edited.fields).toEqual(['altText']);
  });

  it("keeps the engine's confidence for tags it already gave and marks new tags as the person's", () => {
    const edited = applyEdit(result, { tags: ['Cat', 'tabby', 'tabby'] });
    expect(edited.result.tags).toEqual([
      { label: 'cat', confidence: 0.9, source: 'objects' },
      { label: 'tabby', confidence: 1, source: 'person' },
    ]);
    expect(edited.fields).toEqual(['tags']);
  });
});

describe('re-tagging an edited result', () => {
  it('never overwrites alt text a person wrote, and takes everything else from the fresh result', () => {
    const previous = { ...engineResult('A cat.', 'Cat', ['cat']), altText: 'My own words' };
    const fresh = engineResult('A cat on a sofa.', 'Cat on sofa', ['cat', 'sofa']);
    const kept = keepEdits(fresh, previous, ['altText']);
    expect(kept.altText).toBe('My own words');
    expect(kept.title).toBe('Cat on sofa');
    expect(kept.tags.map((tag) => tag.label)).toEqual(['cat', 'sofa']);
  });

  it('keeps edited tags and title too, and ignores field names it does not know', () => {
    const previous = applyEdit(engineResult('A cat.', 'Cat', ['cat']), { title: 'Chelsea', tags: ['tabby'] }).result;
    const kept = keepEdits(engineResult('A dog.', 'Dog', ['dog']), previous, ['title', 'tags', 'colors']);
    expect(kept.title).toBe('Chelsea');
    expect(kept.tags.map((tag) => tag.label)).toEqual(['tabby']);
    expect(kept.altText).toBe('A dog.');
  });
});

describe('mergeEditedFields', () => {
  it('remembers earlier edits once each', () => {
    expect(mergeEditedFields(['title'], ['altText', 'title'])).toEqual(['altText', 'title']);
  });
});
