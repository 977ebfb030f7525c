import { Router, type RequestHandler } from 'express';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { authenticatedUserId } from '../http/require-user';
import type { ReminderStore } from '../store/reminder-store';
import type { ReminderActions } from '../sync/reminder-actions';
import type { ActionTokens } from './action-token';
import { blockedEndpointProblem, type AddressResolver } from './endpoint-address';
import { endpointHostProblem } from './endpoint-hosts';
import { pushSubscriptionSchema, pushUnsubscribeSchema } from './push-subscription-schema';
import { reminderActionSchema } from './reminder-action-schema';

/** [NT4] Subscriptions per user; registering one more removes the least recently registered (a dead browser's, most likely). */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 20;

export type PushRoutesDeps = {
  store: ReminderStore;
  /** Null: this server sends no reminders ([NT6]). */
  vapidPublicKey: string | null;
  production: boolean;
  /** [NT17] Production registers endpoints of these hosts only (PUSH_ENDPOINT_HOSTS). */
  endpointHosts: readonly string[];
  /** [NT22] Resolves endpoint names at registration (c-ares with a timeout; tests resolve without DNS). */
  resolve: AddressResolver;
  tokens: ActionTokens;
  actions: ReminderActions;
};

/** `GET /api/push-config` ([NT6]): the key browsers subscribe with, or null when this server sends no reminders. */
export function createPushConfigRoute(vapidPublicKey: string | null): RequestHandler {
  return (_req, res) => {
    res.set('cache-control', 'no-store').json({ vapidPublicKey });
  };
}

/** `POST` / `DELETE /api/push-subscriptions` ([NT1]–[NT4]), behind the signed-in middleware. */
export function createPushSubscriptionRoutes(deps: PushRoutesDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    if (deps.vapidPublicKey === null) throw new ProtocolError('PUSH_UNAVAILABLE', 'this server does not send reminders (no VAPID keys)');
    const input = parseMessage(pushSubscriptionSchema, req.body, 'push subscription');
    if (deps.production) {
      const url = new URL(input.endpoint);
      const problem = endpointHostProblem(url, deps.endpointHosts) ?? (await blockedEndpointProblem(url, deps.resolve));
      if (problem) throw new ProtocolError('INVALID_MESSAGE', `push subscription: ${problem}`);
    }
    const subscription = { userId: authenticatedUserId(res), endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth };
    const outcome = await deps.store.savePushSubscription(subscription, new Date().toISOString(), MAX_PUSH_SUBSCRIPTIONS_PER_USER);
    if (outcome === 'keys-differ') {
      // [NT19] Another account holds this endpoint with other keys: whoever sent this does not hold that browser's subscription.
      throw new ProtocolError('CONFLICT', 'this push endpoint is registered with other keys; subscribe again in the browser');
    }
    res.status(201).json({ endpoint: input.endpoint });
  });
  router.delete('/', async (req, res) => {
    const { endpoint } = parseMessage(pushUnsubscribeSchema, req.body, 'push subscription');
    // Idempotent: removing one that is not (or no longer) there is the same success.
    await deps.store.deletePushSubscription(authenticatedUserId(res), endpoint);
    res.status(204).end();
  });
  return router;
}

/** `POST /api/reminder-actions` ([NT15]): authorised by the notification's action token alone (never logged). */
export function createReminderActionRoutes(deps: Pick<PushRoutesDeps, 'tokens' | 'actions'>): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { token, action } = parseMessage(reminderActionSchema, req.body, 'reminder action');
    await deps.actions.apply(deps.tokens.verify(token), action);
    res.status(204).end();
  });
  return router;
}
