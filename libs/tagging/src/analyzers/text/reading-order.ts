import type { Box } from '@tagphoto/contracts';

/**
 * Sort boxes top-to-bottom, and left-to-right within a row. A box joins a row when its vertical centre is
 * within half the shorter height of the row's first box, so words of one line stay together while the
 * tall boxes of neighbouring curved lines do not merge.
 */
export function inReadingOrder<T extends { box: Box }>(items: readonly T[]): T[] {
  const byTop = [...items].sort((a, b) => a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2));
  const rows: T[][] = [];
  for (const item of byTop) {
    const row = rows[rows.length - 1];
    if (row && sharesRow(row[0].box, item.box)) row.push(item);
    else rows.push([item]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box.x - b.box.x));
}

function sharesRow(a: Box, b: Box): boolean {
  return Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < Math.min(a.height, b.height) / 2;
}
