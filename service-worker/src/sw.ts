/// <reference lib="WebWorker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { Queue } from 'workbox-background-sync';
import { isSkipWaitingMessage } from './messages';
import { NEVER_CACHED_PATHS } from './never-cached';
import { createActionQueue } from './notification-action-queue';
import { createReminderHandlers } from './reminder-handlers';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

/**
 * Tasklane's service worker: precaches the app shell and every lazy chunk
 * (the list is injected at build time), serves the shell for every
 * navigation so the app opens offline, and caches nothing else — `/api` and
 * socket.io traffic always go to the network. It also shows reminders pushed by
 * the server and carries out their Done / Snooze (docs/client.md, Reminder
 * notifications).
 */
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: NEVER_CACHED_PATHS,
  }),
);

// The first install takes control at once; later versions wait for the user's "Reload".
clientsClaim();

self.addEventListener('message', (event) => {
  if (isSkipWaitingMessage(event.data)) void self.skipWaiting();
});

// [WP4]–[WP6] Reminder notifications. Listeners are added at the top level, as the browser requires.
/** The queue's name is part of the background-sync tag (`workbox-background-sync:reminder-actions`). */
const REMINDER_ACTION_QUEUE = 'reminder-actions';
const reminders = createReminderHandlers({
  worker: self,
  // An action token lives a day (the server's ACTION_TOKEN_TTL_SECONDS); a replay after that is refused anyway.
  replay: new Queue(REMINDER_ACTION_QUEUE, { maxRetentionTime: 24 * 60 }),
  local: createActionQueue(self.indexedDB),
});
self.addEventListener('push', (event) => reminders.onPush(event));
self.addEventListener('notificationclick', (event) => reminders.onNotificationClick(event));
self.addEventListener('pushsubscriptionchange', (event) => reminders.onPushSubscriptionChange(event));
