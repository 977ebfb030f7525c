import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { AuthApi } from './auth-api';
import { SessionExpiredError } from './session-errors';
import type { SessionStore } from './session-store';

export type TokenSource = {
  current(): string;
  /**
   * Gets a fresh access token. `rejected` is the token the server refused:
   * when another tab (or an earlier call) already replaced it, no new refresh
   * is made — rotating the same refresh token twice would revoke the session.
   */
  refresh(rejected?: string): Promise<string>;
};

export type TokenSourceDeps = {
  auth: Pick<AuthApi, 'refresh'>;
  sessions: SessionStore;
  /** Serialises refreshes across tabs (Web Locks in the browser). */
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
};

export function browserRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request('tasklane-token-refresh', run);
  return run();
}

export function createTokenSource({ auth, sessions, withLock = (run) => run() }: TokenSourceDeps): TokenSource {
  let inFlight: Promise<string> | null = null;

  function session() {
    const current = sessions.read();
    if (!current) throw new SessionExpiredError();
    return current;
  }

  async function refreshOnce(rejected: string | undefined): Promise<string> {
    return withLock(async () => {
      const before = session();
      if (rejected !== undefined && before.accessToken !== rejected) return before.accessToken;
      try {
        const pair = await auth.refresh(before.refreshToken);
        const after = session();
        sessions.write({
          ...after,
          accessToken: pair.accessToken,
          refreshToken: before.refreshToken === undefined ? undefined : pair.refreshToken,
        });
        return pair.accessToken;
      } catch (error) {
        if (error instanceof ProtocolError && error.code === 'UNAUTHENTICATED') throw new SessionExpiredError(error);
        throw error;
      }
    });
  }

  return {
    current: () => session().accessToken,
    refresh(rejected) {
      inFlight ??= refreshOnce(rejected).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
