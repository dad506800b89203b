import { translator } from './i18n/translator';
import { bulkSummary, importSummary } from './library-report';

const t = translator('en');

describe('library reports', () => {
  it('says what an import changed, kept and refused', () => {
    expect(importSummary({ changed: ['a'], unchanged: 3, refused: [] }, t)).toBe(
      'Import finished: 1 image changed, 3 unchanged, 0 rows refused.',
    );
    expect(
      importSummary({ changed: ['a', 'b'], unchanged: 0, refused: [{ line: 4, id: null, reason: 'has no id' }] }, t),
    ).toBe('Import finished: 2 images changed, 0 unchanged, 1 row refused.');
  });

  it('says what a bulk action did and why images were refused, each reason once', () => {
    expect(bulkSummary({ action: 'delete', matched: 2, done: ['a', 'b'], refused: [] }, t)).toBe('Deleted 2 images.');
    const notQueued = { code: 'not_under_review' as const, message: 'This image is not in the review queue.' };
    expect(
      bulkSummary(
        {
          action: 'approve',
          matched: 3,
          done: ['a'],
          refused: [
            { id: 'b', error: notQueued },
            { id: 'c', error: notQueued },
          ],
        },
        t,
      ),
    ).toBe('Approved 1 image. 2 images refused: This image is not in the review queue.');
    expect(bulkSummary({ action: 'retag', matched: 1, done: ['a'], refused: [] }, t)).toBe(
      '1 image queued to be tagged again.',
    );
  });

  it('speaks the dashboard’s language, with its plurals', () => {
    const de = translator('de');
    expect(importSummary({ changed: ['a'], unchanged: 3, refused: [] }, de)).toBe(
      'Import abgeschlossen: 1 Bild geändert, 3 unverändert, 0 Zeilen abgelehnt.',
    );
    expect(bulkSummary({ action: 'retag', matched: 2, done: ['a', 'b'], refused: [] }, de)).toBe(
      '2 Bilder werden neu getaggt.',
    );
    expect(bulkSummary({ action: 'delete', matched: 1, done: ['a'], refused: [] }, translator('nl'))).toBe(
      '1 afbeelding verwijderd.',
    );
  });
});
