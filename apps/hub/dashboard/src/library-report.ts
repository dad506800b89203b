import type { ImageBulkResult, ImageImportReport } from '@tagphoto/contracts';

const images = (count: number): string => `${count} image${count === 1 ? '' : 's'}`;

/** One sentence on what a CSV import did, for the status line. */
export function importSummary(report: ImageImportReport): string {
  const parts = [
    `${images(report.changed.length)} changed`,
    `${report.unchanged} unchanged`,
    `${report.refused.length} row${report.refused.length === 1 ? '' : 's'} refused`,
  ];
  return `Import finished: ${parts.join(', ')}.`;
}

/** One sentence on what a bulk action did, naming how many were refused and why when some were. */
export function bulkSummary(result: ImageBulkResult): string {
  const done = {
    delete: `Deleted ${images(result.done.length)}.`,
    approve: `Approved ${images(result.done.length)}.`,
    retag: `${images(result.done.length)} queued to be tagged again.`.replace(/^./, (first) => first.toUpperCase()),
  }[result.action];
  if (result.refused.length === 0) return done;
  const reasons = [...new Set(result.refused.map((refusal) => refusal.error.message))].slice(0, 3).join(' ');
  return `${done} ${images(result.refused.length)} refused: ${reasons}`;
}
