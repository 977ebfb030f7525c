import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { NetworkError } from '../session/session-errors';
import type { TokenSource } from '../session/token-source';

/** A sign-out waits for the server this long at most. */
const REQUEST_TIMEOUT_MS = 5000;

export type PushApi = {
  /** `GET /api/push-config`: the key to subscribe with, or null when this server sends no reminders. */
  vapidPublicKey(): Promise<string | null>;
  /** `POST /api/push-subscriptions` with the browser's `PushSubscription.toJSON()` (idempotent by endpoint). */
  register(subscription: PushSubscriptionJSON): Promise<void>;
  /** `DELETE /api/push-subscriptions` (idempotent). */
  unregister(endpoint: string): Promise<void>;
};

async function request(method: string, path: string, body: object | undefined, accessToken: string | undefined): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body) headers['content-type'] = 'application/json';
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
}

async function failure(response: Response): Promise<ProtocolError> {
  const parsed = (await response.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string } } | null;
  return new ProtocolError(parsed?.error?.code ?? 'INTERNAL', parsed?.error?.message ?? `HTTP ${response.status}`);
}

/** The push endpoints of docs/protocol.md, signed in with the session's access token (refreshed once on a 401). */
export function createPushApi(tokens: TokenSource): PushApi {
  async function signed(method: string, path: string, body: object): Promise<void> {
    const token = tokens.current();
    let response = await request(method, path, body, token);
    if (response.status === 401) response = await request(method, path, body, await tokens.refresh(token));
    if (!response.ok) throw await failure(response);
  }
  return {
    async vapidPublicKey() {
      const response = await request('GET', '/api/push-config', undefined, undefined);
      if (!response.ok) throw await failure(response);
      const { vapidPublicKey } = (await response.json()) as { vapidPublicKey?: unknown };
      return typeof vapidPublicKey === 'string' && vapidPublicKey !== '' ? vapidPublicKey : null;
    },
    register: (subscription) => signed('POST', '/api/push-subscriptions', subscription),
    unregister: (endpoint) => signed('DELETE', '/api/push-subscriptions', { endpoint }),
  };
}
