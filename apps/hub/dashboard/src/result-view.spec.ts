import { IMAGE_HISTORY_KINDS, type ImageHistoryEntry, LANGUAGE_NAMES } from '@tagphoto/contracts';
import { translator } from './i18n/translator';
import { boxPosition, confidenceText, historyText, reviewStateOf, safetyScores } from './result-view';

const entry = (kind: ImageHistoryEntry['kind'], overrides: Partial<ImageHistoryEntry> = {}): ImageHistoryEntry => ({
  kind,
  at: '2026-12-06T10:00:00.000Z',
  fields: [],
  engine: null,
  language: null,
  connector: null,
  ...overrides,
});

describe('boxPosition', () => {
  it('places a box in percent of the image, so it scales with however large the image is shown', () => {
    expect(boxPosition({ x: 100, y: 50, width: 200, height: 100 }, { width: 400, height: 200 })).toEqual({
      left: '25%',
      top: '25%',
      width: '50%',
      height: '50%',
    });
  });

  it('gives the same place for the same box on a larger original of the same picture', () => {
    const small = boxPosition({ x: 10, y: 20, width: 30, height: 40 }, { width: 300, height: 200 });
    const large = boxPosition({ x: 40, y: 80, width: 120, height: 160 }, { width: 1200, height: 800 });
    expect(large).toEqual(small);
    expect(small).toEqual({ left: '3.333%', top: '10%', width: '10%', height: '20%' });
  });

  it('cuts a box that reaches past the edge of the image to the image', () => {
    expect(boxPosition({ x: -20, y: 150, width: 100, height: 100 }, { width: 200, height: 200 })).toEqual({
      left: '0%',
      top: '75%',
      width: '40%',
      height: '25%',
    });
    expect(boxPosition({ x: 300, y: 0, width: 10, height: 10 }, { width: 200, height: 200 })).toMatchObject({
      left: '100%',
      width: '0%',
    });
  });

  it('draws nothing for an image without a size', () => {
    expect(boxPosition({ x: 1, y: 1, width: 1, height: 1 }, { width: 0, height: 10 })).toEqual({
      left: '0%',
      top: '0%',
      width: '0%',
      height: '0%',
    });
  });
});

describe('confidenceText', () => {
  it('rounds to a whole percent and never says 100% short of certain', () => {
    expect(confidenceText(0.924)).toBe('92%');
    expect(confidenceText(0.998)).toBe('99%');
    expect(confidenceText(1)).toBe('100%');
    expect(confidenceText(0)).toBe('0%');
  });
});

describe('historyText', () => {
  const en = { t: translator('en'), language: 'en', languages: LANGUAGE_NAMES };

  it('says every kind the API records in words', () => {
    for (const kind of IMAGE_HISTORY_KINDS)
      expect(historyText(entry(kind), { t: en.t, language: 'en' }).length).toBeGreaterThan(5);
  });

  it('names the engine, the language, the kept edits and the connector', () => {
    expect(historyText(entry('tagged', { engine: '1.4.0', language: 'en' }), en)).toBe(
      'Tagged in English by engine 1.4.0',
    );
    expect(historyText(entry('retagged', { engine: '1.4.0', language: 'de', fields: ['altText', 'tags'] }), en)).toBe(
      'Tagged again in Deutsch by engine 1.4.0; your alt text and tags kept',
    );
    expect(historyText(entry('edited', { fields: ['altText', 'title', 'tags'] }), en)).toBe(
      'You edited the alt text, title and tags',
    );
    expect(historyText(entry('published', { connector: 'shopify', fields: ['altText'] }), en)).toBe(
      'Written back to Shopify (alt text)',
    );
    expect(historyText(entry('publish_failed', { connector: 'google-drive' }), en)).toBe(
      'Writing back to Google Drive failed after every retry',
    );
    expect(historyText(entry('published'), en)).toBe('Written back to the connected service');
  });

  it('writes the sentences and their lists in the dashboard’s language', () => {
    const de = { t: translator('de'), language: 'de', languages: LANGUAGE_NAMES };
    expect(historyText(entry('tagged', { engine: '1.4.0', language: 'fr' }), de)).toBe(
      'Getaggt auf Français von Engine 1.4.0',
    );
    expect(historyText(entry('review_edited', { fields: ['altText', 'title', 'tags'] }), de)).toBe(
      'In der Prüfliste umgeschrieben (Alternativtext, Titel und Tags)',
    );
    const fr = { t: translator('fr'), language: 'fr' };
    expect(historyText(entry('edited', { fields: ['altText', 'tags'] }), fr)).toBe(
      'Vous avez modifié : texte alternatif et étiquettes',
    );
  });
});

describe('reviewStateOf', () => {
  it('is waiting while the engine flags the result and nobody decided', () => {
    expect(reviewStateOf({ needed: true, reasons: ['no certain subject'] }, [entry('tagged')])).toEqual({
      state: 'waiting',
      reasons: ['no certain subject'],
    });
    expect(reviewStateOf({ needed: false, reasons: [] }, [entry('tagged')])).toEqual({ state: 'none' });
  });

  it("follows a person's latest decision, which stands through re-tagging", () => {
    const history = [
      entry('tagged'),
      entry('review_rejected', { at: '2026-12-06T10:01:00.000Z' }),
      entry('review_approved', { at: '2026-12-06T10:02:00.000Z' }),
      entry('retagged', { at: '2026-12-06T10:03:00.000Z' }),
    ];
    expect(reviewStateOf({ needed: true, reasons: ['no certain subject'] }, history)).toEqual({
      state: 'approved',
      at: '2026-12-06T10:02:00.000Z',
      reasons: ['no certain subject'],
    });
  });
});

describe('safetyScores', () => {
  it('lists the classes most likely first', () => {
    expect(safetyScores({ neutral: 0.9, sexy: 0.02, drawing: 0.08 })).toEqual([
      { label: 'neutral', score: 0.9 },
      { label: 'drawing', score: 0.08 },
      { label: 'sexy', score: 0.02 },
    ]);
  });
});
