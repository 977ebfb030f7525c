import { useEffect, useRef } from 'react';

/**
 * A native modal `<dialog>` shown while `open`: the browser traps focus in it, makes the rest inert, closes it on
 * Escape (its `close` event) and gives the focus back to where it was when it closes.
 */
export function useModalDialog(open = true) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return undefined;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
    return () => {
      if (element.open) element.close();
    };
  }, [open]);
  return dialog;
}
