import { useModalDialog } from '../nav/use-modal-dialog';
import { SHORTCUTS } from './shortcut-of';

/** [NV6] `?` lists the shortcuts: a modal dialog (focus inside, Escape or "Close" closes it). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useModalDialog();
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-heading" onClose={onClose}>
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((entry) => (
            <tr key={entry.key}>
              <td>
                <kbd>{entry.key}</kbd>
              </td>
              <td>{entry.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="who">Shortcuts do nothing while you type in a field.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
