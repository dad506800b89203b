import type { Box } from '@tagphoto/contracts';

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const intersection = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Greedy NMS: keep the most confident candidate, drop every other one overlapping it by more than
 * `iouThreshold`, repeat. Returns at most `maxResults`, most confident first.
 */
export function nonMaxSuppression<T extends { box: Box; confidence: number }>(
  candidates: readonly T[],
  iouThreshold: number,
  maxResults = Infinity,
): T[] {
  const sorted = [...candidates].sort((a, b) => b.confidence - a.confidence);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (kept.length >= maxResults) break;
    if (kept.every((k) => iou(k.box, candidate.box) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}
