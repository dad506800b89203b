import type { Box } from '@tagphoto/contracts';

/**
 * Sort text boxes into reading order: columns are read one after the other, not line by line across the
 * page. A recursive XY-cut: where a vertical gutter (wider than 1.5 line heights, with at least two rows on
 * each side) splits the boxes, each column is read in turn, left to right; where a horizontal gap (wider
 * than 0.8 line heights) splits them, each band is read in turn, top to bottom; otherwise rows, top to bottom.
 */
export function inReadingOrder<T extends { box: Box }>(items: readonly T[]): T[] {
  if (items.length <= 1) return [...items];
  const lineHeight = median(items.map((item) => item.box.height));
  const columns = splitAtGaps(items, 'x', 1.5 * lineHeight);
  if (columns.length > 1 && columns.every((column) => inRows(column).length >= 2))
    return columns.flatMap(inReadingOrder);
  const bands = splitAtGaps(items, 'y', 0.8 * lineHeight);
  if (bands.length > 1) return bands.flatMap(inReadingOrder);
  return inRows(items).flat();
}

/**
 * Rows top-to-bottom, each left-to-right. A box joins a row when its vertical centre is within half the
 * shorter height of the row's first box, so words of one line stay together while the tall boxes of
 * neighbouring curved lines do not merge.
 */
function inRows<T extends { box: Box }>(items: readonly T[]): T[][] {
  const byTop = [...items].sort((a, b) => a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2));
  const rows: T[][] = [];
  for (const item of byTop) {
    const row = rows[rows.length - 1];
    if (row && sharesRow(row[0].box, item.box)) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => row.sort((a, b) => a.box.x - b.box.x));
}

function sharesRow(a: Box, b: Box): boolean {
  return Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < Math.min(a.height, b.height) / 2;
}

/** Groups of boxes separated along one axis by empty stretches at least `minGap` wide, in axis order. */
function splitAtGaps<T extends { box: Box }>(items: readonly T[], axis: 'x' | 'y', minGap: number): T[][] {
  const start = (item: T) => (axis === 'x' ? item.box.x : item.box.y);
  const end = (item: T) => (axis === 'x' ? item.box.x + item.box.width : item.box.y + item.box.height);
  const sorted = [...items].sort((a, b) => start(a) - start(b));
  const groups: T[][] = [[sorted[0]]];
  let reach = end(sorted[0]);
  for (const item of sorted.slice(1)) {
    if (start(item) - reach >= minGap) groups.push([item]);
    else groups[groups.length - 1].push(item);
    reach = Math.max(reach, end(item));
  }
  return groups;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
