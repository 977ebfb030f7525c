import { lazy, Suspense, useState } from 'react';
import type { TokenSource } from '../../session/token-source';

// [AC8] a chunk of its own, shared with the links' screens: loaded when the dialog first opens
const AccountPanel = lazy(() => import(/* webpackChunkName: "account" */ './account-screens').then((m) => ({ default: m.AccountPanel })));

/** The menu entry "Account"; the dialog loads on first use. */
export function AccountEntry(props: { tokens: TokenSource; onSignedOut: (removeLocalData: boolean) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Account
      </button>
      {open && (
        <Suspense fallback={<p role="status">Loading account…</p>}>
          <AccountPanel tokens={props.tokens} onSignedOut={props.onSignedOut} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
