import type { TFunction } from 'i18next';
import type { ImageBulkResult, ImageImportReport } from '@tagphoto/contracts';

/** One sentence on what a CSV import did, for the status line. */
export function importSummary(report: ImageImportReport, t: TFunction): string {
  return t('library.report.importFinished', {
    changed: t('library.report.changed', { count: report.changed.length }),
    unchanged: t('library.report.unchanged', { count: report.unchanged }),
    refused: t('library.report.refused', { count: report.refused.length }),
  });
}

/** One sentence on what a bulk action did, naming how many were refused and why when some were. */
export function bulkSummary(result: ImageBulkResult, t: TFunction): string {
  const count = result.done.length;
  const done = {
    delete: t('library.report.deleted', { count }),
    approve: t('library.report.approved', { count }),
    retag: t('library.report.retagged', { count }),
  }[result.action];
  if (result.refused.length === 0) return done;
  const reasons = [...new Set(result.refused.map((refusal) => refusal.error.message))].slice(0, 3).join(' ');
  return `${done} ${t('library.report.bulkRefused', { count: result.refused.length, reasons })}`;
}
