import { lazy, Suspense, useState } from 'react';
import { resumePush, signOutOfPush } from '../../push/use-push';
import type { TokenSource } from '../../session/token-source';

// [AC8] a chunk of its own, shared with the links' screens: loaded when the dialog first opens
const AccountPanel = lazy(() => import(/* webpackChunkName: "account" */ './account-screens').then((m) => ({ default: m.AccountPanel })));

/**
 * [WP7] Sign out everywhere and account deletion end this session too: this device's push subscription is removed first,
 * while the session can still sign that DELETE; if the request then fails, it comes back. Here, in the tasks chunk, and
 * not in the account chunk, which the first screen loads too: the push chunk then has one parent and repeats no module
 * of the tasks chunk.
 */
async function endingThisSession(tokens: TokenSource, end: () => Promise<void>): Promise<void> {
  await signOutOfPush(tokens);
  try {
    await end();
  } catch (error) {
    resumePush();
    throw error;
  }
}

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
          <AccountPanel
            tokens={props.tokens}
            onSignedOut={props.onSignedOut}
            onClose={() => setOpen(false)}
            endingThisSession={(end) => endingThisSession(props.tokens, end)}
          />
        </Suspense>
      )}
    </>
  );
}
