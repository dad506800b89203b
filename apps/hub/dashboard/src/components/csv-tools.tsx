import { useRef, useState, type ChangeEvent } from 'react';
import type { ImageImportReport } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { importSummary } from '../library-report';
import { Notice } from './page';

/**
 * Export every image matching the gallery's filter as CSV, and import a corrected file: each row changed is saved as
 * the person's edit, each refused row is listed with its line and reason.
 */
export function CsvTools({ exportHref, onImported }: { exportHref: string; onImported: () => void }) {
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
      <h2 id="csv-heading">Spreadsheet</h2>
      <p id="csv-help">
        Export the images shown (every page) as CSV, correct titles, alt texts or tags in a spreadsheet, and import the
        file: only what you changed is saved, as your edit.
      </p>
      <div className="actions">
        <a className="button" href={exportHref} download>
          Export CSV
        </a>
        <label htmlFor="csv-import">Import CSV</label>
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
      {busy && <p role="status">Importing…</p>}
      {error && <Notice kind="error">The file was not imported: {error}</Notice>}
      {report && (
        <div className="csv-report">
          <p role="status">{importSummary(report)}</p>
          {report.refused.length > 0 && (
            <>
              <h3 id="csv-refused-heading">Rows not imported</h3>
              <ul aria-labelledby="csv-refused-heading">
                {report.refused.map((row) => (
                  <li key={`${row.line}`}>
                    Line {row.line}
                    {row.id ? ` (${row.id})` : ''}: {row.reason}
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
