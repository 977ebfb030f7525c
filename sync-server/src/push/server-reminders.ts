import type { RequestHandler, Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import { createNotifier, type Notifier, type NotifierOptions } from '../notifier/notifier';
import { createNotifierMetrics } from '../notifier/notifier-metrics';
import type { Store } from '../store/store';
import { createReminderActions } from '../sync/reminder-actions';
import type { SyncService } from '../sync/sync-service';
import { createActionTokens } from './action-token';
import { createAddressResolver, type AddressResolver } from './endpoint-address';
import { DEFAULT_PUSH_ENDPOINT_HOSTS } from './endpoint-hosts';
import { createPushSender } from './push-sender';
import { createPushConfigRoute, createPushSubscriptionRoutes, createReminderActionRoutes } from './push-routes';
import type { VapidKeys } from './vapid-keys';

/** What a server knows of reminders: its VAPID keys (null: it sends none, [NT6]) and whether the notifier runs in it ([NT14]). */
export type ServerReminders = {
  vapid: VapidKeys | null;
  /** Undefined: no notifier in this process (NOTIFIER=off, or a separate notifier.js runs). */
  notifier?: NotifierOptions;
  /** [NT17] PUSH_ENDPOINT_HOSTS: where production registers and sends to (default: the browsers' push services). */
  endpointHosts?: readonly string[];
  /** Tests resolve endpoint names without DNS. */
  resolve?: AddressResolver;
};

export type ReminderFeatures = {
  subscriptions: Router;
  config: RequestHandler;
  actions: Router;
  close(): Promise<void>;
};

/** [NT11] A push's hard deadline: a third of the lease, so a send ends long before another notifier may take the delivery over. */
export function sendTimeoutMs(leaseMs: number): number {
  return Math.max(500, Math.floor(leaseMs / 3));
}

/** Starts a notifier on `store` that registers its metrics on `registry` (used in-process and by notifier.js). */
export function startNotifier(deps: {
  store: Store;
  vapid: VapidKeys;
  accessSecret: string;
  production: boolean;
  endpointHosts?: readonly string[] | undefined;
  registry: Registry;
  logger: Logger;
  options: NotifierOptions;
}): Notifier & { close(): Promise<void> } {
  const sender = createPushSender({
    vapid: deps.vapid,
    production: deps.production,
    endpointHosts: deps.endpointHosts ?? DEFAULT_PUSH_ENDPOINT_HOSTS,
    timeoutMs: sendTimeoutMs(deps.options.leaseMs),
  });
  const notifier = createNotifier({
    store: deps.store,
    sender,
    tokens: createActionTokens(deps.accessSecret),
    metrics: createNotifierMetrics(deps.registry),
    logger: deps.logger,
    options: deps.options,
  });
  notifier.start();
  return {
    ...notifier,
    async close() {
      await notifier.stop();
      sender.close();
    },
  };
}

/** The server's reminder routes, and the in-process notifier when this server runs it. */
export function createReminderFeatures(deps: {
  store: Store;
  sync: SyncService;
  accessSecret: string;
  production: boolean;
  registry: Registry;
  logger: Logger;
  reminders: ServerReminders | undefined;
}): ReminderFeatures {
  const vapid = deps.reminders?.vapid ?? null;
  const tokens = createActionTokens(deps.accessSecret);
  const actions = createReminderActions({ store: deps.store, sync: deps.sync, credentialOf: tokens.credentialOf });
  const notifierOptions = deps.reminders?.notifier;
  const endpointHosts = deps.reminders?.endpointHosts ?? DEFAULT_PUSH_ENDPOINT_HOSTS;
  const notifier = vapid && notifierOptions ? startNotifier({ ...deps, vapid, endpointHosts, options: notifierOptions }) : undefined;
  return {
    subscriptions: createPushSubscriptionRoutes({
      store: deps.store,
      vapidPublicKey: vapid?.publicKey ?? null,
      production: deps.production,
      endpointHosts,
      resolve: deps.reminders?.resolve ?? createAddressResolver(),
      tokens,
      actions,
    }),
    config: createPushConfigRoute(vapid?.publicKey ?? null),
    actions: createReminderActionRoutes({ tokens, actions }),
    close: async () => notifier?.close(),
  };
}
