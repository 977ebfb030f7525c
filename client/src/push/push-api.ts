import { accountRequest, authorizedRequests } from '../session/account-api';
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

/** The push endpoints of docs/protocol.md, signed in with the session's access token (refreshed once on a 401). */
export function createPushApi(tokens: TokenSource): PushApi {
  const signed = authorizedRequests(tokens, { timeoutMs: REQUEST_TIMEOUT_MS });
  return {
    async vapidPublicKey() {
      const { vapidPublicKey } = await accountRequest<{ vapidPublicKey?: unknown }>('GET', '/api/push-config', undefined, {
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      return typeof vapidPublicKey === 'string' && vapidPublicKey !== '' ? vapidPublicKey : null;
    },
    async register(subscription) {
      await signed('POST', '/api/push-subscriptions', subscription);
    },
    async unregister(endpoint) {
      await signed('DELETE', '/api/push-subscriptions', { endpoint });
    },
  };
}
