import { holdsForReview } from './review-policy';

describe("a connection's review policy", () => {
  const sure = { needed: false, reasons: [] };
  const unsure = { needed: true, reasons: ['low-confidence subject' as const] };

  it('writes everything automatically, holds only flagged results, or holds every result', () => {
    expect([holdsForReview('auto', sure), holdsForReview('auto', unsure)]).toEqual([false, false]);
    expect([holdsForReview('confident', sure), holdsForReview('confident', unsure)]).toEqual([false, true]);
    expect([holdsForReview('hold', sure), holdsForReview('hold', unsure)]).toEqual([true, true]);
  });
});
