import { createExternalStore } from './external-store';

/** A waiting service worker: a new version is ready and the user may reload into it. */
export const updateReady = createExternalStore<ServiceWorker | null>(null);

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!reloading && updateReady.get()) {
      reloading = true;
      location.reload();
    }
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      (registration) => {
        const offer = (worker: ServiceWorker | null) => {
          // Only an update: the first install has no controller and simply takes over.
          if (worker && navigator.serviceWorker.controller) updateReady.set(worker);
        };
        offer(registration.waiting);
        registration.addEventListener('updatefound', () => {
          const installing = registration.installing;
          installing?.addEventListener('statechange', () => {
            if (installing.state === 'installed') offer(installing);
          });
        });
        // Look for a new version now and then while the app stays open.
        setInterval(() => void registration.update().catch(() => undefined), 60 * 60 * 1000);
      },
      (error: unknown) => console.warn('Tasklane: the service worker could not be registered; offline use is unavailable', error),
    );
  });
}

export function applyUpdate(worker: ServiceWorker): void {
  worker.postMessage({ type: 'SKIP_WAITING' });
}
