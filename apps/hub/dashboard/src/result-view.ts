import type { TFunction } from 'i18next';
import type { Box, ImageHistoryEntry, ImageHistoryKind, Review } from '@tagphoto/contracts';
import { conjunctionList } from '../../src/dashboard/conjunction-list';
import { connectorName } from './connector-names';

/** A box's place over the displayed image, in percent of its width and height, so it scales with the image. */
export interface BoxPosition {
  left: string;
  top: string;
  width: string;
  height: string;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
const percentOf = (value: number, whole: number): string => `${Number(((value / whole) * 100).toFixed(3))}%`;

/**
 * Where a detected object's box (pixels of the original, orientation-corrected image) sits over the image however
 * large it is shown: percentages of the image's own size, cut to the image where a box reaches past its edge.
 */
export function boxPosition(box: Box, image: { width: number; height: number }): BoxPosition {
  if (!(image.width > 0 && image.height > 0)) return { left: '0%', top: '0%', width: '0%', height: '0%' };
  const left = clamp(box.x, 0, image.width);
  const top = clamp(box.y, 0, image.height);
  const right = clamp(box.x + box.width, left, image.width);
  const bottom = clamp(box.y + box.height, top, image.height);
  return {
    left: percentOf(left, image.width),
    top: percentOf(top, image.height),
    width: percentOf(right - left, image.width),
    height: percentOf(bottom - top, image.height),
  };
}

/** A confidence (0–1) as a person reads it: a whole percentage, never "100%" for something short of certain. */
export function confidenceText(confidence: number): string {
  const percent = Math.round(clamp(confidence, 0, 1) * 100);
  return `${confidence < 1 && percent === 100 ? 99 : percent}%`;
}

const FIELDS = ['altText', 'title', 'tags'] as const;

/** "alt text and title", "alt text, title and tags": the edited fields as a list in the language of `t`. */
export function fieldList(fields: readonly string[], t: TFunction, language: string): string {
  const names = fields.map((field) =>
    (FIELDS as readonly string[]).includes(field)
      ? t(`library.result.fields.${field as (typeof FIELDS)[number]}`)
      : field,
  );
  return conjunctionList(language, names);
}

/** What a history sentence needs besides its entry: the dashboard's `t`, its language, and the languages' names. */
export interface HistoryWords {
  t: TFunction;
  /** The dashboard's language, for lists ("A, B and C"). */
  language: string;
  /** The name each result language is shown by (each in its own language). */
  languages?: Record<string, string>;
}

const serviceName = (connector: string | null, t: TFunction): string =>
  connector ? connectorName(connector) : t('library.result.connectedService');

/** "Tagged", then the result's language and the engine when the entry names them. */
function taggedText(base: string, entry: ImageHistoryEntry, { t, languages = {} }: HistoryWords): string {
  const parts = [base];
  if (entry.language)
    parts.push(t('library.result.events.inLanguage', { language: languages[entry.language] ?? entry.language }));
  if (entry.engine) parts.push(t('library.result.events.byEngine', { engine: entry.engine }));
  return parts.join(' ');
}

/** Each history event as a sentence; the compiler checks every kind the API records has one. */
const SENTENCES: Record<ImageHistoryKind, (entry: ImageHistoryEntry, words: HistoryWords) => string> = {
  tagged: (entry, words) => taggedText(words.t('library.result.events.tagged'), entry, words),
  retagged: (entry, words) =>
    taggedText(words.t('library.result.events.retagged'), entry, words) +
    (entry.fields.length > 0
      ? `; ${words.t('library.result.events.keptFields', { fields: fieldList(entry.fields, words.t, words.language) })}`
      : ''),
  tagging_failed: (_entry, { t }) => t('library.result.events.taggingFailed'),
  edited: (entry, { t, language }) =>
    t('library.result.events.edited', { fields: fieldList(entry.fields, t, language) }),
  review_approved: (_entry, { t }) => t('library.result.events.reviewApproved'),
  review_edited: (entry, { t, language }) =>
    entry.fields.length > 0
      ? t('library.result.events.reviewEditedFields', { fields: fieldList(entry.fields, t, language) })
      : t('library.result.events.reviewEdited'),
  review_rejected: (_entry, { t }) => t('library.result.events.reviewRejected'),
  published: (entry, { t, language }) =>
    entry.fields.length > 0
      ? t('library.result.events.publishedFields', {
          service: serviceName(entry.connector, t),
          fields: fieldList(entry.fields, t, language),
        })
      : t('library.result.events.published', { service: serviceName(entry.connector, t) }),
  publish_failed: (entry, { t }) =>
    t('library.result.events.publishFailed', { service: serviceName(entry.connector, t) }),
};

export const historyText = (entry: ImageHistoryEntry, words: HistoryWords): string =>
  SENTENCES[entry.kind](entry, words);

export type ReviewState =
  | { state: 'none' }
  | { state: 'waiting'; reasons: Review['reasons'] }
  | { state: 'approved' | 'edited' | 'rejected'; at: string; reasons: Review['reasons'] };

const DECISIONS: Partial<Record<ImageHistoryKind, 'approved' | 'edited' | 'rejected'>> = {
  review_approved: 'approved',
  review_edited: 'edited',
  review_rejected: 'rejected',
};

/**
 * Where the image stands in review: the latest decision a person made (it stands through re-tagging), else waiting
 * when the engine flagged the result, else nothing to review.
 */
export function reviewStateOf(review: Review | undefined, history: readonly ImageHistoryEntry[]): ReviewState {
  const reasons = review?.reasons ?? [];
  for (let index = history.length - 1; index >= 0; index--) {
    const entry = history[index];
    const decision = DECISIONS[entry.kind];
    if (decision) return { state: decision, at: entry.at, reasons };
  }
  return review?.needed ? { state: 'waiting', reasons } : { state: 'none' };
}

/** The safety classes, most likely first. */
export function safetyScores(scores: Record<string, number>): Array<{ label: string; score: number }> {
  return Object.entries(scores)
    .map(([label, score]) => ({ label, score }))
    .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
}
