import type { Box, ImageHistoryEntry, ImageHistoryKind, Review } from '@tagphoto/contracts';

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

const FIELD_NAMES: Record<string, string> = { altText: 'alt text', title: 'title', tags: 'tags' };
const PROVIDERS: Record<string, string> = {
  shopify: 'Shopify',
  'google-drive': 'Google Drive',
  slack: 'Slack',
  wordpress: 'WordPress',
};

/** "alt text and title", "alt text, title and tags". */
export function fieldList(fields: readonly string[]): string {
  const names = fields.map((field) => FIELD_NAMES[field] ?? field);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const connectorName = (connector: string | null): string =>
  connector ? (PROVIDERS[connector] ?? connector) : 'the connected service';

/** Each history event as a sentence; the compiler checks every kind the API records has one. */
const SENTENCES: Record<ImageHistoryKind, (entry: ImageHistoryEntry, languages: Record<string, string>) => string> = {
  tagged: (entry, languages) =>
    `Tagged${entry.language ? ` in ${languages[entry.language] ?? entry.language}` : ''}` +
    (entry.engine ? ` by engine ${entry.engine}` : ''),
  retagged: (entry, languages) =>
    `Tagged again${entry.language ? ` in ${languages[entry.language] ?? entry.language}` : ''}` +
    (entry.engine ? ` by engine ${entry.engine}` : '') +
    (entry.fields.length > 0 ? `; your ${fieldList(entry.fields)} kept` : ''),
  tagging_failed: () => 'Tagging failed',
  edited: (entry) => `You edited the ${fieldList(entry.fields)}`,
  review_approved: () => 'Approved in the review queue',
  review_edited: (entry) =>
    `Rewritten in the review queue${entry.fields.length > 0 ? ` (${fieldList(entry.fields)})` : ''}`,
  review_rejected: () => 'Rejected in the review queue',
  published: (entry) =>
    `Written back to ${connectorName(entry.connector)}` +
    (entry.fields.length > 0 ? ` (${fieldList(entry.fields)})` : ''),
  publish_failed: (entry) => `Writing back to ${connectorName(entry.connector)} failed after every retry`,
};

export const historyText = (entry: ImageHistoryEntry, languages: Record<string, string> = {}): string =>
  SENTENCES[entry.kind](entry, languages);

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
