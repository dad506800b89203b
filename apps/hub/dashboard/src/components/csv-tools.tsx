import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageImportReport } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { importSummary } from '../library-report';
import { Notice } from './page';

/**
 * Export every image matching the gallery's filter as CSV, and import a corrected file: each row changed is saved as
 * the person's edit, each refused row is listed with its line and reason.
 */
export function CsvTools({ exportHref, onImported }: { exportHref: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<ImageImportReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      const csv = await file.text();
      const imported = await answer(
        hub.POST('/v1/images/import.csv', {
          body: csv,
          bodySerializer: (body: string) => body,
          headers: { 'content-type': 'text/csv' },
        }),
      );
      setReport(imported);
      onImported();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
      // The same file can be chosen again after it is corrected.
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section aria-labelledby="csv-heading" className="csv-tools">
      <h2 id="csv-heading">{t('library.csv.heading')}</h2>
      <p id="csv-help">{t('library.csv.help')}</p>
      <div className="actions">
        <a className="button" href={exportHref} download>
          {t('library.csv.export')}
        </a>
        <label htmlFor="csv-import">{t('library.csv.import')}</label>
        <input
          ref={input}
          id="csv-import"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          aria-describedby="csv-help"
          onChange={(event) => void importFile(event)}
        />
      </div>
      {busy && <p role="status">{t('library.csv.importing')}</p>}
      {error && <Notice kind="error">{t('library.csv.failed', { error })}</Notice>}
      {report && (
        <div className="csv-report">
          <p role="status">{importSummary(report, t)}</p>
          {report.refused.length > 0 && (
            <>
              <h3 id="csv-refused-heading">{t('library.csv.refusedHeading')}</h3>
              <ul aria-labelledby="csv-refused-heading">
                {report.refused.map((row) => (
                  <li key={`${row.line}`}>
                    {row.id
                      ? t('library.csv.lineWithId', { line: row.line, id: row.id, reason: row.reason })
                      : t('library.csv.line', { line: row.line, reason: row.reason })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
