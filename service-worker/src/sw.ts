/// <reference lib="WebWorker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { isSkipWaitingMessage } from './messages';
import { NEVER_CACHED_PATHS } from './never-cached';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

/**
 * Tasklane's service worker: precaches the app shell and every lazy chunk
 * (the list is injected at build time), serves the shell for every
 * navigation so the app opens offline, and caches nothing else — `/api` and
 * socket.io traffic always go to the network.
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
