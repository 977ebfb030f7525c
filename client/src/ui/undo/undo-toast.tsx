import { useEffect, useState } from 'react';
import type { UndoEntry, UndoStack } from './undo-stack';

const TOAST_MS = 8000;

/** Keys typed into a field are the field's own: Ctrl+Z there undoes typing, not the last saved edit. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

/**
 * [ED9] The toast after every edit ("Edited ‘Pay rent’ · Undo"), for 8 seconds; Ctrl+Z (Cmd+Z on a Mac) undoes the
 * latest edit outside text fields at any time, up to `UNDO_DEPTH` edits back. What was undone is announced.
 */
export function UndoToast(props: { stack: UndoStack; undo: () => void }) {
  const { stack, undo } = props;
  const [shown, setShown] = useState<UndoEntry | null>(null);

  useEffect(
    () =>
      stack.subscribe((change) => {
        if (change.kind === 'pushed') setShown(change.entry);
        else setShown((current) => (current === change.entry ? null : current));
      }),
    [stack],
  );

  useEffect(() => {
    if (!shown) return undefined;
    const timer = setTimeout(() => setShown(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [shown]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (isTextField(event.target) || stack.size === 0) return;
      event.preventDefault();
      undo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stack, undo]);

  if (!shown) return null;
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span>{shown.label}</span>
      <button type="button" onClick={undo}>
        Undo
      </button>
    </div>
  );
}
