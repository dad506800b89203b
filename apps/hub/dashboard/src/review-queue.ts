import type { TFunction } from 'i18next';
import type { ReviewBulkResult } from '@tagphoto/contracts';

/** What a key does on the review page. */
export type ReviewShortcut = 'next' | 'previous' | 'select' | 'approve' | 'edit' | 'reject';

const SHORTCUTS: Record<string, ReviewShortcut> = {
  j: 'next',
  k: 'previous',
  x: 'select',
  a: 'approve',
  e: 'edit',
  r: 'reject',
};

/** Controls whose own typing a shortcut must never steal. */
const TYPING = new Set([
  'INPUT:text',
  'INPUT:search',
  'INPUT:email',
  'INPUT:password',
  'INPUT:url',
  'TEXTAREA',
  'SELECT',
]);

/**
 * The shortcut a key press means, or undefined: plain letters only (no Ctrl, Alt or Meta, which belong to the
 * browser and screen readers), and never while the person types in a text field.
 */
export function shortcutOf(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: { tagName?: string; type?: string } | null;
}): ReviewShortcut | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  const tag = event.target?.tagName ?? '';
  if (TYPING.has(tag) || TYPING.has(`${tag}:${event.target?.type ?? ''}`)) return undefined;
  return SHORTCUTS[event.key];
}

/** One sentence for the live region: how many were decided, and why the others were not. */
export function summarize(
  action: 'approve' | 'edit' | 'reject',
  results: ReviewBulkResult['results'],
  t: TFunction,
): string {
  const decided = results.filter((result) => result.decision !== null).length;
  const failed = results.flatMap((result) => (result.error ? [result.error.message] : []));
  const done = t(`library.review.done.${action}`, { count: decided });
  if (failed.length === 0) return done;
  return `${done} ${t('library.review.notDone', { count: failed.length, reasons: [...new Set(failed)].join(' ') })}`;
}

/** The next position in a list of `length` when moving by `step`, kept inside it. */
export function moved(index: number, step: number, length: number): number {
  return Math.max(0, Math.min(length - 1, index + step));
}
