import { lazy, Suspense, useState } from 'react';
import type { ExportSource } from './local-export';

// [ED10] a chunk of its own: the export and import code (and the import's parser) loads when asked for
const ExportPanel = lazy(() => import(/* webpackChunkName: "export" */ './export-panel'));

/** The menu entry "Export or import"; the panel loads on first use. */
export function ExportEntry(props: { source: ExportSource | null }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" disabled={!props.source} onClick={() => setOpen(true)}>
        Export or import
      </button>
      {open && props.source && (
        <Suspense fallback={<p role="status">Loading export…</p>}>
          <ExportPanel source={props.source} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
