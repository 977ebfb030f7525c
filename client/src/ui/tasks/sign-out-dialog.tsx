import { useEffect, useRef, useState } from 'react';

export function SignOutDialog(props: { waiting: number; onConfirm: (removeLocalData: boolean) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [remove, setRemove] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby="sign-out-heading" onClose={props.onClose}>
      <h2 id="sign-out-heading">Sign out of Tasklane?</h2>
      <p className="check">
        <input id="remove-local" type="checkbox" checked={remove} onChange={(e) => setRemove(e.target.checked)} />{' '}
        <label htmlFor="remove-local">Also remove this device’s copy of my tasks</label>
      </p>
      {remove && props.waiting > 0 && (
        <p className="banner" role="alert">
          {props.waiting} {props.waiting === 1 ? 'change has' : 'changes have'} not reached the server yet and will be lost.
        </p>
      )}
      {!remove && <p className="who">Your tasks stay on this device and are there when you sign in again.</p>}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => props.onConfirm(remove)}>
          Sign out
        </button>
      </div>
    </dialog>
  );
}
