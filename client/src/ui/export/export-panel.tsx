import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { csvExport, download, jsonExport, type ExportFile, type ExportSource } from './local-export';
import { importExportText, type ImportCounts, type ImportReport } from './local-import';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countsText(counts: ImportCounts, word: string): string {
  const total = counts.created + counts.updated + counts.unchanged;
  return `${plural(total, word)} (${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged)`;
}

/** At most this many refused rows are listed; the count says how many there were. */
const REFUSED_SHOWN = 20;

/**
 * [ED10] [ED11] Export and import, from this device's database, offline as online (a lazy chunk: not on the first
 * screen). A modal dialog: the backup as JSON, the tasks as CSV, and importing a JSON export with a report.
 */
export default function ExportPanel(props: { source: ExportSource; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  async function exportAs(make: (source: ExportSource) => Promise<ExportFile>) {
    setBusy(true);
    setReport(null);
    try {
      const file = await make(props.source);
      download(file);
      setMessage(
        `Saved ${file.name}: ${plural(file.counts.tasks, 'task')}${file.name.endsWith('.json') ? ` and ${plural(file.counts.lists, 'list')}` : ''}.`,
      );
    } catch (error) {
      console.warn('Tasklane: the export failed', error);
      setMessage('The export could not be made. Try again.');
    } finally {
      setBusy(false);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      setReport(await importExportText(await file.text(), props.source));
    } catch (error) {
      console.warn('Tasklane: the import failed', error);
      setReport({ ok: false, reasons: ['The file could not be imported on this device. Try again.'] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="export-heading" onClose={props.onClose} className="export-panel">
      <h2 id="export-heading">Export and import</h2>
      <p className="hint">Works offline: the files are made from, and imported into, the tasks on this device.</p>
      <div className="actions start">
        <button type="button" disabled={busy} onClick={() => void exportAs(jsonExport)}>
          Download backup (JSON)
        </button>
        <button type="button" disabled={busy} onClick={() => void exportAs(csvExport)}>
          Download tasks as CSV
        </button>
      </div>
      <label htmlFor="import-file">Import a Tasklane backup (JSON)</label>
      <input id="import-file" type="file" accept=".json,application/json" disabled={busy} onChange={(event) => void importFile(event)} />
      <div role="status" aria-live="polite" data-testid="export-status">
        {busy && <p>Working…</p>}
        {message && <p>{message}</p>}
        {report?.ok === true && (
          <>
            <p>
              Imported {countsText(report.lists, 'list')} and {countsText(report.tasks, 'task')}.
              {report.refused.length > 0 && ` ${plural(report.refused.length, 'row')} refused.`}
            </p>
            {report.refused.length > 0 && (
              <ul className="refused" aria-label="Refused rows">
                {report.refused.slice(0, REFUSED_SHOWN).map((row) => (
                  <li key={row.path}>
                    {row.path}: {row.reasons.join('; ')}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {report?.ok === false && (
        <div role="alert">
          <p>Nothing was imported:</p>
          <ul className="refused">
            {report.reasons.slice(0, REFUSED_SHOWN).map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
