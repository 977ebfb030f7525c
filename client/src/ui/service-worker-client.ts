import { createExternalStore } from './external-store';

/** A waiting service worker: a new version is ready and the user may reload into it. */
export const updateReady = createExternalStore<ServiceWorker | null>(null);

/** Settles once `register` has: null when there is no service worker (unsupported, or its registration failed). */
let registration: Promise<ServiceWorkerRegistration | null> = Promise.resolve(null);

/**
 * What one look for a new version found: `ready` (a new version waits, `updateReady` offers it), `installing` (it is
 * being downloaded and will be offered once installed), `none` (nothing newer, or the look failed: try again later),
 * `unavailable` (no service worker controls this page, so only a reload can fetch the new version).
 */
export type UpdateCheck = 'ready' | 'installing' | 'none' | 'unavailable';

/** [UP2] Looks for a new version now, e.g. because the server refused this one as too old. */
export async function checkForUpdate(): Promise<UpdateCheck> {
  const registered = await registration;
  if (!registered || !navigator.serviceWorker.controller) return 'unavailable';
  try {
    await registered.update();
  } catch {
    return 'none'; // offline, or the server failed to answer sw.js
  }
  if (registered.waiting) return 'ready';
  return registered.installing ? 'installing' : 'none';
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  let settle: (registered: ServiceWorkerRegistration | null) => void = () => undefined;
  registration = new Promise((resolve) => (settle = resolve));
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!reloading && updateReady.get()) {
      reloading = true;
      location.reload();
    }
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      (registered) => {
        const offer = (worker: ServiceWorker | null) => {
          // Only an update: the first install has no controller and simply takes over.
          if (worker && navigator.serviceWorker.controller) updateReady.set(worker);
        };
        const offerOnceInstalled = (installing: ServiceWorker | null) => {
          installing?.addEventListener('statechange', () => {
            if (installing.state === 'installed') offer(installing);
          });
        };
        offer(registered.waiting);
        // One may already be installing (found by the navigation that loaded this page): its `updatefound` has passed.
        offerOnceInstalled(registered.installing);
        registered.addEventListener('updatefound', () => offerOnceInstalled(registered.installing));
        settle(registered);
        // Look for a new version now and then while the app stays open.
        setInterval(() => void registered.update().catch(() => undefined), 60 * 60 * 1000);
      },
      (error: unknown) => {
        settle(null);
        console.warn('Tasklane: the service worker could not be registered; offline use is unavailable', error);
      },
    );
  });
}

export function applyUpdate(worker: ServiceWorker): void {
  worker.postMessage({ type: 'SKIP_WAITING' });
}
