import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { NetworkError } from './session-errors';
import type { TokenSource } from './token-source';

/** `GET /api/account` (docs/protocol.md [AC5]). */
export type AccountView = { user: { id: string; email: string }; emailVerified: boolean };

/** `timeoutMs`: give up on the server after this long (a NetworkError); none by default. */
export type RequestOptions = { accessToken?: string; timeoutMs?: number };

/** One JSON request to the account endpoints of docs/protocol.md §7; an error answer throws its ProtocolError. */
export async function accountRequest<T = null>(method: string, path: string, body?: object, options: RequestOptions = {}): Promise<T> {
  const { accessToken, timeoutMs } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const parsed = (await response.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string } } | null;
  if (!response.ok) throw new ProtocolError(parsed?.error?.code ?? 'INTERNAL', parsed?.error?.message ?? `HTTP ${response.status}`);
  return parsed as T;
}

/** Requests with the session's access token, as `accountRequest` sends them. */
export type AuthorizedRequest = <T = null>(method: string, path: string, body?: object) => Promise<T>;

/** Requests with the session's access token; an expired one is refreshed once (a refusal after that ends the session, [AU17]). */
export function authorizedRequests(tokens: TokenSource, options: Pick<RequestOptions, 'timeoutMs'> = {}): AuthorizedRequest {
  return async (method, path, body) => {
    const token = tokens.current();
    try {
      return await accountRequest(method, path, body, { ...options, accessToken: token });
    } catch (error) {
      if (!(error instanceof ProtocolError && error.code === 'UNAUTHENTICATED')) throw error;
      return accountRequest(method, path, body, { ...options, accessToken: await tokens.refresh(token) });
    }
  };
}
