import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { NetworkError } from './session-errors';
import type { Session } from './session-store';

/** Same as shared's credentials schema (tested); not imported from there, which would ship zod to the first screen. */
export const PASSWORD_MIN_LENGTH = 8;

/** `refreshToken` is absent from a cookie-only session's answers (docs/protocol.md [AU12]). */
export type AuthResult = { user: { id: string; email: string }; accessToken: string; refreshToken?: string };
export type TokenPair = { accessToken: string; refreshToken?: string };

export type AuthApiOptions = {
  /**
   * The browser's choice ([AU12]): the refresh token lives only in the server's httpOnly cookie, never in an
   * answer a page script could read. Clients without cookies (Node tests, native) leave it off and keep the token.
   */
  cookieOnly?: boolean;
  fetchImpl?: typeof fetch;
};

async function postJson<T>(baseUrl: string, path: string, body: unknown, fetchImpl: typeof fetch): Promise<T | null> {
  let response: Response;
  try {
    response = await fetchImpl(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.status === 204) return null;
  const parsed = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    const code = (parsed?.error?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL')) as ErrorCode;
    throw new ProtocolError(code, parsed?.error?.message ?? `request failed with HTTP ${response.status}`);
  }
  return parsed as T;
}

export type AuthApi = ReturnType<typeof createAuthApi>;

/** The auth endpoints of docs/protocol.md §7. The browser builds one, cookie-only, for `location.origin` (app.tsx). */
export function createAuthApi(baseUrl: string, options: AuthApiOptions = {}) {
  const fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
  const mode = options.cookieOnly ? { cookieOnly: true } : {};
  /** Without a token in the body the server uses the httpOnly refresh cookie. */
  const tokenBody = (refreshToken: string | undefined) => (refreshToken && !options.cookieOnly ? { refreshToken, ...mode } : mode);
  return {
    register: (email: string, password: string) =>
      postJson<AuthResult>(baseUrl, '/api/auth/register', { email, password, ...mode }, fetchImpl) as Promise<AuthResult>,
    login: (email: string, password: string) =>
      postJson<AuthResult>(baseUrl, '/api/auth/login', { email, password, ...mode }, fetchImpl) as Promise<AuthResult>,
    refresh: (refreshToken: string | undefined) =>
      postJson<TokenPair>(baseUrl, '/api/auth/refresh', tokenBody(refreshToken), fetchImpl) as Promise<TokenPair>,
    logout: async (refreshToken: string | undefined) => {
      await postJson(baseUrl, '/api/auth/logout', tokenBody(refreshToken), fetchImpl);
    },
  };
}

export function sessionFrom(result: AuthResult): Session {
  const session: Session = { user: result.user, accessToken: result.accessToken };
  if (result.refreshToken !== undefined) session.refreshToken = result.refreshToken;
  return session;
}
