import { translator } from './i18n/translator';
import { moved, shortcutOf, summarize } from './review-queue';

const t = translator('en');

const press = (key: string, target: { tagName?: string; type?: string } | null = { tagName: 'LI' }, modifiers = {}) =>
  shortcutOf({ key, ctrlKey: false, altKey: false, metaKey: false, target, ...modifiers });

describe('the review page keyboard', () => {
  it('maps j, k, x, a, e and r to move, select, approve, edit and reject', () => {
    expect(['j', 'k', 'x', 'a', 'e', 'r', 'q'].map((key) => press(key))).toEqual([
      'next',
      'previous',
      'select',
      'approve',
      'edit',
      'reject',
      undefined,
    ]);
  });

  it('leaves keys alone while the person types, and with Ctrl, Alt or Meta held', () => {
    expect(press('a', { tagName: 'TEXTAREA' })).toBeUndefined();
    expect(press('a', { tagName: 'INPUT', type: 'text' })).toBeUndefined();
    expect(press('a', { tagName: 'INPUT', type: 'checkbox' })).toBe('approve');
    expect(press('r', { tagName: 'LI' }, { ctrlKey: true })).toBeUndefined();
    expect(press('j', { tagName: 'BUTTON' }, { altKey: true })).toBeUndefined();
  });

  it('stays inside the list when moving past either end', () => {
    expect([moved(0, -1, 3), moved(1, 1, 3), moved(2, 1, 3)]).toEqual([0, 2, 2]);
  });
});

describe('what the live region says after a decision', () => {
  const decision = {
    state: 'approved' as const,
    decidedAt: '',
    decidedBy: { via: 'session' as const, apiKeyId: null },
  };
  it('counts the decided items and names why the others were refused', () => {
    expect(summarize('approve', [{ id: 'a', status: 200, decision: { id: 'a', ...decision }, error: null }], t)).toBe(
      'Approved 1 item.',
    );
    const refused = {
      code: 'already_decided' as const,
      message: 'This suggestion was already approved, edited or rejected.',
    };
    expect(
      summarize(
        'reject',
        [
          { id: 'a', status: 200, decision: { id: 'a', ...decision, state: 'rejected' }, error: null },
          { id: 'b', status: 409, decision: null, error: refused },
          { id: 'c', status: 409, decision: null, error: refused },
        ],
        t,
      ),
    ).toBe('Rejected 1 item. 2 items could not be: This suggestion was already approved, edited or rejected.');
  });

  it('says it in the dashboard’s language, with its plurals', () => {
    const saved = { id: 'a', status: 200, decision: { id: 'a', ...decision, state: 'edited' as const }, error: null };
    expect(summarize('edit', [saved], translator('de'))).toBe('1 Eintrag gespeichert.');
    expect(summarize('edit', [saved, { ...saved, id: 'b' }], translator('de'))).toBe('2 Einträge gespeichert.');
    expect(summarize('approve', [saved, { ...saved, id: 'b' }], translator('es'))).toBe('Se aprobaron 2 elementos.');
  });
});
