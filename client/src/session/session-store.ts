import { SESSION_KEY } from './storage-keys';

export type SessionUser = { id: string; email: string };

/**
 * What a signed-in device keeps. In the browser the refresh token lives only in the
 * server's httpOnly cookie (docs/protocol.md [AU5], [AU12]) and `refreshToken` stays undefined;
 * clients without cookies (tests, native) keep it here.
 */
export type Session = {
  user: SessionUser;
  accessToken: string;
  refreshToken?: string;
};

export type SessionStore = {
  read(): Session | null;
  write(session: Session): void;
  clear(): void;
};

export function createMemorySessionStore(initial: Session | null = null): SessionStore {
  let current = initial;
  return {
    read: () => current,
    write: (session) => {
      current = session;
    },
    clear: () => {
      current = null;
    },
  };
}

function isSession(value: unknown): value is Session {
  const session = value as Session | null;
  return (
    typeof session === 'object' &&
    session !== null &&
    typeof session.accessToken === 'string' &&
    typeof session.user?.id === 'string' &&
    typeof session.user?.email === 'string'
  );
}

/**
 * localStorage, so a signed-in user opens the app with no network at all. Any page script can read it, so a
 * refresh token is never written here, and one found from an older version is dropped ([AU12]) — except with
 * `keepRefreshToken`, for a page without a secure context (plain HTTP on a LAN name, [PX6]): the browser refuses
 * the `Secure` refresh cookie there, so the token can live nowhere else.
 */
export function createLocalSessionStore(storage: Storage = localStorage, options: { keepRefreshToken?: boolean } = {}): SessionStore {
  function write(session: Session): void {
    if (options.keepRefreshToken) {
      storage.setItem(SESSION_KEY, JSON.stringify(session));
      return;
    }
    const { refreshToken: _cookieHoldsIt, ...kept } = session;
    storage.setItem(SESSION_KEY, JSON.stringify(kept));
  }
  return {
    read() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
        if (!isSession(parsed)) return null;
        if (parsed.refreshToken === undefined || options.keepRefreshToken) return parsed;
        write(parsed);
        const { refreshToken: _dropped, ...kept } = parsed;
        return kept;
      } catch {
        return null;
      }
    },
    write,
    clear() {
      storage.removeItem(SESSION_KEY);
    },
  };
}
