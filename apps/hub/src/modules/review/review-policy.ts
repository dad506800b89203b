import type { Review, ReviewPolicy } from '@tagphoto/contracts';

/** Whether a connection's policy holds this result for a person instead of publishing it at once. */
export function holdsForReview(policy: ReviewPolicy, review: Review): boolean {
  if (policy === 'hold') return true;
  if (policy === 'confident') return review.needed;
  return false;
}
