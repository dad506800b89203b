import { compose } from '../compose/composer';
import { otherLanguageOf } from './language-guess';
import { findingsOf, judgeAnswer, mergeSuggestion, withReviewReason } from './merge';
import type { VisionSuggestion } from './suggestion';
import { visionTags } from './vision-tags';
import { box, photoSignals } from '../../testing/signals';

/** A cat the detector is certain of, on a sofa; no person. */
const cat = photoSignals({
  objects: {
    objects: [
      { label: 'cat', confidence: 0.9, box: box(200, 100, 200, 150) },
      { label: 'couch', confidence: 0.5, box: box(50, 150, 550, 300) },
    ],
  },
  colors: { colors: [{ hex: '#808080', name: 'grey', fraction: 0.6 }] },
});
/** A cyclist: a person the detector is certain of, on a bicycle. */
const cyclist = photoSignals({
  objects: {
    objects: [
      { label: 'person', confidence: 0.88, box: box(200, 50, 150, 300) },
      { label: 'bicycle', confidence: 0.8, box: box(150, 200, 300, 200) },
    ],
  },
});

const suggestion = (fields: Partial<VisionSuggestion> = {}): VisionSuggestion => ({
  altText: 'A grey cat curled up on a sofa',
  title: 'Cat on a sofa',
  description: 'A grey cat sleeps on the cushions of a sofa.',
  tags: ['cat', 'sofa', 'cushion'],
  subject: 'cat',
  people: 0,
  ...fields,
});
const judge = (fields: Partial<VisionSuggestion>, signals = cat, language: 'en' | 'de' | 'fr' = 'en') =>
  judgeAnswer(JSON.stringify(suggestion(fields)), signals, language);

describe('judging a vision answer', () => {
  it('accepts a caption in the asked language that agrees with the detector', () => {
    expect(judge({})).toEqual({ suggestion: suggestion() });
  });

  it('trims the fields it accepts', () => {
    expect(judge({ altText: '  A grey cat on a sofa ' })).toMatchObject({
      suggestion: { altText: 'A grey cat on a sofa' },
    });
  });

  it.each([
    ['not JSON', '{"altText": "A cat"', 'the answer is not JSON'],
    ['a missing field', JSON.stringify({ ...suggestion(), title: undefined }), 'title'],
    ['an unknown field', JSON.stringify({ ...suggestion(), mood: 'calm' }), 'answer'],
    ['an empty alt text', JSON.stringify(suggestion({ altText: '   ' })), 'altText'],
    ['an alt text of 126 characters', JSON.stringify(suggestion({ altText: `A cat ${'x'.repeat(120)}` })), 'altText'],
    ['a negative number of people', JSON.stringify(suggestion({ people: -1 })), 'people'],
  ])('refuses %s', (_, answer, detail) => {
    expect(judgeAnswer(answer, cat, 'en')).toEqual({
      reason: 'vision answer invalid',
      detail: expect.stringContaining(detail),
    });
  });

  it.each(['Image of a grey cat on a sofa', 'A picture of a grey cat', 'Photo of a cat on a sofa'])(
    'refuses the alt text "%s"',
    (altText) => {
      expect(judge({ altText })).toEqual({ reason: 'vision answer invalid', detail: 'the alt text says "image of"' });
    },
  );

  it('refuses an English caption asked for in German, and a German one asked for in French', () => {
    expect(judge({}, cat, 'de')).toEqual({
      reason: 'vision answer invalid',
      detail: 'the caption reads as en, not de',
    });
    const german = {
      altText: 'Eine graue Katze auf einem Sofa',
      title: 'Katze auf dem Sofa',
      description: 'Eine Katze schläft auf den Kissen eines Sofas.',
    };
    expect(judge(german, cat, 'de')).toHaveProperty('suggestion');
    expect(judge(german, cat, 'fr')).toEqual({
      reason: 'vision answer invalid',
      detail: 'the caption reads as de, not fr',
    });
  });

  it('refuses a caption naming people where the detector saw none', () => {
    expect(judge({ people: 1 })).toEqual({
      reason: 'vision contradicts built-in findings',
      detail: 'the caption names people the detector did not see',
    });
    expect(judge({ altText: 'A woman stroking a grey cat on a sofa' })).toMatchObject({
      reason: 'vision contradicts built-in findings',
    });
  });

  it('refuses a caption that leaves out a person the detector is certain of', () => {
    const bike = {
      altText: 'A red bicycle on a country road',
      title: 'Bicycle',
      description: 'A bicycle on a road.',
      subject: 'bicycle',
      tags: ['bicycle'],
    };
    expect(judge(bike, cyclist)).toEqual({
      reason: 'vision contradicts built-in findings',
      detail: 'the caption leaves out the person the detector is certain of',
    });
    expect(
      judge({ ...bike, altText: 'A man riding a red bicycle on a country road', people: 1 }, cyclist),
    ).toHaveProperty('suggestion');
  });

  it('refuses a caption naming another family of things than the detector is certain of', () => {
    const car = {
      altText: 'A grey car parked in a driveway',
      title: 'Grey car',
      description: 'A car in a driveway.',
      subject: 'car',
      tags: ['car'],
    };
    expect(judge(car)).toEqual({
      reason: 'vision contradicts built-in findings',
      detail: 'the caption names vehicle where the detector is certain of animal',
    });
    // A finer name of the same family is no contradiction: the detector's "cat" may well be a "kitten".
    expect(judge({ subject: 'kitten', altText: 'A grey kitten asleep on a sofa' })).toHaveProperty('suggestion');
  });

  it('does not judge the caption against a detector that did not run', () => {
    const { objects: _, ...colorsOnly } = cat;
    expect(judge({ people: 2, altText: 'Two women on a grey sofa' }, colorsOnly)).toHaveProperty('suggestion');
  });
});

describe('the language check', () => {
  it.each([
    ['en', 'A dog catching a frisbee on the beach at sunset'],
    ['de', 'Ein Hund fängt eine Frisbee am Strand bei Sonnenuntergang'],
    ['fr', 'Un chien attrape un frisbee sur la plage au coucher du soleil'],
    ['es', 'Un perro atrapa un frisbee en la playa al atardecer'],
    ['it', 'Un cane afferra un frisbee sulla spiaggia al tramonto'],
    ['pt', 'Um cão apanha um frisbee na praia ao pôr do sol'],
    ['nl', 'Een hond vangt een frisbee op het strand bij zonsondergang'],
  ] as const)('reads a %s caption as its own language', (language, text) => {
    expect(otherLanguageOf(text, language)).toBeUndefined();
    const others = (['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'] as const).filter((other) => other !== language);
    expect(others.filter((other) => otherLanguageOf(text, other) === undefined)).toEqual([]);
  });

  it('cannot tell, and so does not refuse, a text without common short words', () => {
    expect(otherLanguageOf('Frisbee', 'de')).toBeUndefined();
  });
});

describe('merging an accepted answer', () => {
  const builtIn = {
    ...compose(cat),
    sources: { title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' } as const,
    models: { engine: '0.1.0' },
  };

  it('takes the caption fields, adds new tags, and keeps every measured field built-in', () => {
    const merged = mergeSuggestion(builtIn, suggestion(), 'ollama:llava', {});
    expect(merged).toEqual({
      ...builtIn,
      altText: 'A grey cat curled up on a sofa',
      title: 'Cat on a sofa',
      description: 'A grey cat sleeps on the cushions of a sofa.',
      tags: expect.arrayContaining([...builtIn.tags, { label: 'cushion', confidence: 0.6, source: 'vision' }]),
      sources: { altText: 'vision', title: 'vision', description: 'vision', tags: 'vision' },
      models: { engine: '0.1.0', vision: 'ollama:llava' },
    });
    // "sofa" is the built-in "couch" by the synonym rules, and "cat" is already there: neither is added twice.
    expect(merged.tags.filter((tag) => tag.source === 'vision')).toEqual([
      { label: 'cushion', confidence: 0.6, source: 'vision' },
    ]);
  });

  it('records tags as built-in when the model added none', () => {
    expect(mergeSuggestion(builtIn, suggestion({ tags: ['cat', 'sofa'] }), 'ollama:llava', {}).sources.tags).toBe(
      'built-in',
    );
  });

  it('flags a fallback for review once, keeping the built-in reasons', () => {
    const flagged = withReviewReason(withReviewReason(builtIn, 'vision answer invalid'), 'vision answer invalid');
    expect(flagged.review).toEqual({ needed: true, reasons: [...builtIn.review.reasons, 'vision answer invalid'] });
  });
});

describe("the vision model's tags", () => {
  it('are written like built-in tags: synonyms to the canonical noun, in the requested language', () => {
    expect(visionTags(['Sofa', 'TV', 'Fahrrad'], [], 'de', {}).map((tag) => tag.label)).toEqual([
      'Sofa',
      'Fernseher',
      'Fahrrad',
    ]);
    expect(visionTags(['television', 'motorbike'], [], 'en', {}).map((tag) => tag.label)).toEqual(['TV', 'motorcycle']);
  });

  it("go through the caller's vocabulary, dropping what it does not know unless asked to keep it", () => {
    const vocabulary = {
      terms: [
        { tag: 'Feline', matches: ['cat'] },
        { tag: 'Seating', matches: ['couch'] },
      ],
    };
    expect(visionTags(['cat', 'sofa', 'cushion'], [], 'en', { vocabulary }).map((tag) => tag.label)).toEqual([
      'Feline',
      'Seating',
    ]);
    expect(visionTags(['cat', 'cushion'], [], 'en', { vocabulary, keepUnknown: true }).map((tag) => tag.label)).toEqual(
      ['Feline', 'cushion'],
    );
  });

  it('leave colours to the built-in analyzer and respect the minimum confidence', () => {
    expect(visionTags(['grey', 'Rot', 'cushion'], [], 'de', {}).map((tag) => tag.label)).toEqual(['cushion']);
    expect(visionTags(['cushion'], [], 'en', { minConfidence: 0.7 })).toEqual([]);
  });
});

describe('the hints sent to the model', () => {
  it('list the detected objects strongest first, the colours, the picture kind and the faces counted', () => {
    const result = {
      ...compose(cat),
      sources: { title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' } as const,
      models: {},
    };
    expect(findingsOf(result, cat, {})).toEqual({
      objects: [
        { label: 'cat', confidence: 0.9 },
        { label: 'couch', confidence: 0.5 },
      ],
      text: '',
      colors: ['grey'],
      pictureKind: 'picture',
      faces: 0,
    });
  });
});
