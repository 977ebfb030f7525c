import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { createAuthApi } from '../session/auth-api';
import { createLocalSessionStore, type Session } from '../session/session-store';
import { accountLinkOf } from './account/account-link';
import { AuthScreen } from './auth-screen';
import { AboutLine, InstallButton, UpdatePrompt } from './app-chrome';
import { IosInstallHint } from './phone/ios-install-hint';
import { LaunchNotice } from './phone/launch-notice';

// Everything RxDB-related loads behind this import: the first screen stays small.
const loadTasksApp = () => import(/* webpackChunkName: "tasks" */ './tasks/tasks-app');
const TasksApp = lazy(loadTasksApp);
// [AC2] [AC5] the page a mailed link opens, in the account chunk
const LinkScreen = lazy(() =>
  import(/* webpackChunkName: "account" */ './account/account-screens').then((m) => ({ default: m.LinkScreen })),
);

/**
 * Cookie-only sessions ([AU12]) need a secure context: on plain HTTP away from localhost ([PX6]) the browser
 * refuses the `Secure` refresh cookie, so there the refresh token comes in the body and is kept locally.
 */
const secureContext = window.isSecureContext;
const auth = createAuthApi(location.origin, { cookieOnly: secureContext });
/** The sign-in form's requests also start loading the tasks chunk: it is parsed while the server checks the password. */
const preloadTasksApp = () => void loadTasksApp().catch(() => undefined); // `lazy` tries again and reports a failure
const signInAuth: Pick<typeof auth, 'register' | 'login'> = {
  register: (email, password) => (preloadTasksApp(), auth.register(email, password)),
  login: (email, password) => (preloadTasksApp(), auth.login(email, password)),
};
const sessions = createLocalSessionStore(localStorage, { keepRefreshToken: !secureContext });

// Signed in already (a reload, an installed app's start): the tasks chunk is needed at once.
if (sessions.read()) preloadTasksApp();

export function App() {
  const [session, setSession] = useState<Session | null>(() => sessions.read());
  // Bumped on every sign-in, so a running sync engine reconnects with the new token.
  const [signInCount, setSignInCount] = useState(0);
  const [reauth, setReauth] = useState(false);

  const onSignedIn = useCallback((next: Session) => {
    sessions.write(next);
    setSession(sessions.read());
    setSignInCount((count) => count + 1);
    setReauth(false);
  }, []);

  const onSignedOut = useCallback(() => setSession(null), []);
  const [link, setLink] = useState(() => accountLinkOf(location.hash));
  useEffect(() => {
    const onHash = () => setLink(accountLinkOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // [AC19] Once read, the link's token leaves the address bar and the history entry (shoulder, screen share, synced history).
  useEffect(() => {
    if (link) history.replaceState(null, '', location.pathname + location.search);
  }, [link]);

  if (link) {
    const done = () => {
      history.replaceState(null, '', location.pathname);
      setLink(null);
    };
    return (
      <Suspense fallback={<p className="boot">Opening…</p>}>
        <LinkScreen key={link.token} kind={link.kind} token={link.token} onDone={done} />
      </Suspense>
    );
  }

  if (!session || reauth) {
    return (
      <>
        <AuthScreen
          auth={signInAuth}
          onSignedIn={onSignedIn}
          {...(reauth && session ? { expectedEmail: session.user.email, onCancel: () => setReauth(false) } : {})}
        />
        <IosInstallHint />
        <UpdatePrompt />
        <AboutLine />
      </>
    );
  }

  return (
    <div className="app">
      <header className="top">
        <h1>Tasklane</h1>
        <span className="who">{session.user.email}</span>
        <InstallButton />
      </header>
      <Suspense
        fallback={
          <main>
            <p className="boot">Opening your tasks…</p>
          </main>
        }
      >
        <TasksApp
          key={session.user.id}
          user={session.user}
          auth={auth}
          sessions={sessions}
          signInCount={signInCount}
          onSignInAgain={() => setReauth(true)}
          onSignedOut={onSignedOut}
        />
      </Suspense>
      <IosInstallHint />
      <LaunchNotice />
      <UpdatePrompt />
      <AboutLine />
    </div>
  );
}
