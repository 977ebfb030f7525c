import type { ReactNode } from 'react';
import { useModalDialog } from './use-modal-dialog';

/**
 * [NV2] On phones the lists sit in a drawer: a modal `<dialog>` at the screen's edge, so focus stays inside while it
 * is open, the page behind is inert, Escape closes it and the focus returns to the button that opened it.
 */
export function NavDrawer(props: { open: boolean; onClose: () => void; children: ReactNode }) {
  const dialog = useModalDialog(props.open);
  return (
    <dialog
      ref={dialog}
      className="drawer"
      aria-labelledby="drawer-heading"
      onClose={props.onClose}
      // a click on the backdrop (the dialog itself, outside its content) closes it, as on every drawer
      onClick={(event) => event.target === dialog.current && props.onClose()}
    >
      <div className="drawer-head">
        <h2 id="drawer-heading">Lists</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
