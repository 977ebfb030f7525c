import path from 'node:path';
// Loaded here, on the main thread, before any worker loads it: @swc/core's native addon crashes the
// process (segfault) when a second worker thread loads it after the first one ended, unless the main
// thread holds it loaded.
import '@swc/core';
import type { EmbeddedStoreConfig } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import type { Store } from '@tasklane/sync-server/src/store/store';
import { openWorkerStore, type WorkerStoreOptions } from '@tasklane/sync-server/src/store/worker/worker-store';

/** The worker store's thread entry run from the TypeScript source (the server runs the bundled dist/store-worker.js). */
export const STORE_WORKER_FROM_SOURCE = path.join(__dirname, 'store-worker-from-source.cjs');

/** `openWorkerStore` for tests: the worker runs the current source, no build needed. */
export function openWorkerStoreFromSource(config: EmbeddedStoreConfig, options: WorkerStoreOptions = {}): Promise<Store> {
  return openWorkerStore(config, { entry: STORE_WORKER_FROM_SOURCE, ...options });
}
