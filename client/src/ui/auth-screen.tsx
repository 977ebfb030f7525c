import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { PASSWORD_MIN_LENGTH, sessionFrom, type AuthApi } from '../session/auth-api';
import { NetworkError } from '../session/session-errors';
import type { Session } from '../session/session-store';
import { InstallButton } from './app-chrome';

// [AC1] loaded when asked for, in the account chunk
const ForgotPassword = lazy(() =>
  import(/* webpackChunkName: "account" */ './account/account-screens').then((m) => ({ default: m.ForgotPassword })),
);

function explain(error: unknown, mode: 'in' | 'up'): string {
  if (error instanceof NetworkError) return 'You are offline. Signing in needs a connection once; after that Tasklane works offline.';
  if (error instanceof ProtocolError) {
    if (error.code === 'UNAUTHENTICATED') return 'The email or password is wrong.';
    if (error.code === 'CONFLICT') return 'An account with this email already exists. Sign in instead.';
    if (error.code === 'INVALID_MESSAGE')
      return mode === 'up'
        ? `Enter a valid email and a password of at least ${PASSWORD_MIN_LENGTH} characters.`
        : 'Enter a valid email and password.';
    if (error.code === 'RATE_LIMITED') return 'Too many attempts. Wait a minute and try again.';
  }
  return 'Something went wrong on the server. Try again in a moment.';
}

export function AuthScreen(props: {
  auth: Pick<AuthApi, 'register' | 'login'>;
  onSignedIn: (session: Session) => void;
  expectedEmail?: string;
  onCancel?: () => void;
}) {
  const { auth } = props;
  const [mode, setMode] = useState<'in' | 'up'>(props.expectedEmail ? 'in' : 'up');
  const [email, setEmail] = useState(props.expectedEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const [forgot, setForgot] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = mode === 'up' ? await auth.register(email, password) : await auth.login(email, password);
      if (props.expectedEmail && result.user.email !== props.expectedEmail.toLowerCase()) {
        setError(`This device holds the tasks of ${props.expectedEmail}. Sign out first to use another account.`);
        return;
      }
      props.onSignedIn(sessionFrom(result));
    } catch (caught) {
      setError(explain(caught, mode));
    } finally {
      setBusy(false);
    }
  }

  if (forgot)
    return (
      <main className="auth">
        <h1>Tasklane</h1>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <ForgotPassword email={email} onClose={() => setForgot(false)} />
        </Suspense>
      </main>
    );

  return (
    <main className="auth">
      <h1>Tasklane</h1>
      <p className="who">
        {props.expectedEmail
          ? 'Your session ended. Sign in again to keep syncing.'
          : 'Tasks that work offline and sync across your devices.'}
      </p>
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? errorId : undefined} noValidate>
        <h2>{mode === 'up' ? 'Create an account' : 'Sign in'}</h2>
        <label htmlFor="auth-email">Email</label>
        <input
          id="auth-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          readOnly={Boolean(props.expectedEmail)}
        />
        <label htmlFor="auth-password">Password</label>
        <input
          id="auth-password"
          type="password"
          autoComplete={mode === 'up' ? 'new-password' : 'current-password'}
          required
          minLength={PASSWORD_MIN_LENGTH}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          {props.onCancel && (
            <button type="button" onClick={props.onCancel}>
              Not now
            </button>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {mode === 'up' ? 'Sign up' : 'Sign in'}
          </button>
        </div>
      </form>
      {mode === 'in' && (
        <p>
          <button type="button" className="link" onClick={() => setForgot(true)}>
            Forgot password?
          </button>
        </p>
      )}
      {!props.expectedEmail && (
        <p>
          {mode === 'up' ? 'Already have an account?' : 'New to Tasklane?'}{' '}
          <button type="button" className="link" onClick={() => setMode(mode === 'up' ? 'in' : 'up')}>
            {mode === 'up' ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      )}
      <InstallButton />
    </main>
  );
}
