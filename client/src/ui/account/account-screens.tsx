import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { accountRequest, authorizedRequests, type AccountView } from '../../session/account-api';
import type { TokenSource } from '../../session/token-source';
import { explainAccountError, type AccountErrorContext } from './account-errors';
import { useBusyAction } from '../use-busy-action';

/** [AC1]–[AC8] The account screens: one lazy chunk ("account"), loaded only when one is opened. */

/** Runs one request at a time, with its error shown in words. */
function useAction(context: AccountErrorContext) {
  return useBusyAction((caught) => explainAccountError(caught, context));
}

function Field(props: { id: string; label: string; type: string; value: string; onChange: (value: string) => void; autoComplete: string }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type}
        required
        autoComplete={props.autoComplete}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </>
  );
}

const Alert = ({ text }: { text: string | null }) =>
  text && (
    <p className="error" role="alert">
      {text}
    </p>
  );

/** [AC1] "Forgot password?": the same answer whether or not the address has an account. */
export function ForgotPassword(props: { email: string; onClose: () => void }) {
  const [email, setEmail] = useState(props.email);
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction('link');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await accountRequest('POST', '/api/auth/password-reset', { email });
      setSent(true);
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2>Reset your password</h2>
      {sent ? (
        <p role="status">If an account uses {email}, a link to choose a new password is on its way. It works for 30 minutes.</p>
      ) : (
        <Field id="reset-email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} />
      )}
      <Alert text={error} />
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Back to sign-in
        </button>
        {!sent && (
          <button type="submit" className="primary" disabled={busy}>
            Send link
          </button>
        )}
      </div>
    </form>
  );
}

/** [AC3] [AC5] The page a mailed link opens: a new password, or the address confirmed at once. */
export function LinkScreen(props: { kind: 'reset' | 'verify'; token: string; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction('link');
  const started = useRef(false);
  useEffect(() => {
    if (props.kind !== 'verify' || started.current) return;
    started.current = true;
    void run(async () => {
      await accountRequest('POST', '/api/auth/verify-email', { token: props.token });
      setDone(true);
    });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await accountRequest('POST', '/api/auth/password-reset/confirm', { token: props.token, password });
      setDone(true);
    });
  };
  const reset = props.kind === 'reset';
  return (
    <main className="auth">
      <h1>Tasklane</h1>
      <form onSubmit={submit} noValidate>
        <h2>{reset ? 'Choose a new password' : 'Confirm your email'}</h2>
        {done && (
          <p role="status">
            {reset
              ? 'Your password is changed. Every device was signed out: sign in with the new password.'
              : 'Your email address is confirmed.'}
          </p>
        )}
        {reset && !done && (
          <Field
            id="new-password"
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
          />
        )}
        {!reset && busy && <p role="status">Confirming…</p>}
        <Alert text={error} />
        <div className="actions">
          {reset && !done && (
            <button type="submit" className="primary" disabled={busy}>
              Set password
            </button>
          )}
          {(done || error) && (
            <button type="button" className={reset && !done ? '' : 'primary'} onClick={props.onDone}>
              Continue
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.children}
    </section>
  );
}

/** [AC5]–[AC8] The Account dialog: verification state, password, sign out everywhere, delete the account. */
export function AccountPanel(props: {
  tokens: TokenSource;
  onClose: () => void;
  onSignedOut: (removeLocalData: boolean) => void;
  /** [WP7] Runs a request that ends this session (the tasks chunk's push sign-out around it; see account-entry.tsx). */
  endingThisSession: (end: () => Promise<void>) => Promise<void>;
}) {
  const [authorized] = useState(() => authorizedRequests(props.tokens));
  const dialog = useRef<HTMLDialogElement>(null);
  const [account, setAccount] = useState<AccountView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [confirmPassword, setConfirmPassword] = useState('');
  const { busy, error, run } = useAction('session');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    void run(async () => setAccount(await authorized<AccountView>('GET', '/api/account')));
    return () => element?.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loaded once when the dialog opens
  }, []);

  const act = (work: () => Promise<void>) => (event?: FormEvent) => {
    event?.preventDefault();
    setNote(null);
    void run(work);
  };

  return (
    <dialog ref={dialog} aria-labelledby="account-heading" onClose={props.onClose}>
      <h2 id="account-heading">Account</h2>
      {account && (
        <p>
          {account.user.email} — {account.emailVerified ? 'confirmed' : 'not confirmed yet. '}
          {!account.emailVerified && (
            <button
              type="button"
              className="link"
              disabled={busy}
              onClick={act(async () => {
                await authorized('POST', '/api/auth/verify-email/resend', {});
                setNote('A new confirmation link is on its way.');
              })}
            >
              Send the link again
            </button>
          )}
        </p>
      )}
      <Section title="Change password">
        <form
          onSubmit={act(async () => {
            await authorized('POST', '/api/auth/password', { currentPassword: current, newPassword: next });
            setCurrent('');
            setNext('');
            setNote('Password changed. Your other devices were signed out.');
          })}
          noValidate
        >
          <Field
            id="current-password"
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
          />
          <Field id="next-password" label="New password" type="password" autoComplete="new-password" value={next} onChange={setNext} />
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </form>
      </Section>
      <Section title="Devices">
        <button
          type="button"
          disabled={busy}
          onClick={act(async () => {
            await props.endingThisSession(() => authorized('POST', '/api/auth/logout-all', {}));
            props.onSignedOut(false);
          })}
        >
          Sign out everywhere
        </button>
      </Section>
      <Section title="Delete account">
        {deleting ? (
          <form
            onSubmit={act(async () => {
              await props.endingThisSession(() => authorized('DELETE', '/api/account', { password: confirmPassword }));
              props.onSignedOut(true);
            })}
            noValidate
          >
            <p>This removes every task and list of your account, on the server and on this device. It cannot be undone.</p>
            <Field
              id="delete-password"
              label="Your password, to confirm"
              type="password"
              autoComplete="current-password"
              value={confirmPassword}
              onChange={setConfirmPassword}
            />
            <button type="submit" className="danger" disabled={busy}>
              Delete my account forever
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setDeleting(true)}>
            Delete account…
          </button>
        )}
      </Section>
      <div role="status" aria-live="polite">
        {note}
      </div>
      <Alert text={error} />
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
