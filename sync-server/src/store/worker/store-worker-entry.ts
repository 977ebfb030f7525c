import { parentPort, workerData } from 'node:worker_threads';
import { createEmbeddedStore, type EmbeddedStoreHooks } from '../sqlite/embedded-store';
import type { Store } from '../store';
import { faultsRunOnMainThread } from './fault-hook-bridge';
import { serializeError } from './serialized-error';
import { FORWARDED_METHODS, type StoreWorkerData, type StoreWorkerMessage, type StoreWorkerRequest } from './store-worker-messages';

/**
 * The store worker thread (bundled as dist/store-worker.js): owns the SQLite connection and takes the
 * main thread's requests in the order they were made. Group commit works as in one thread: pushes
 * that arrive while a transaction runs wait in this thread's message queue and are delivered together
 * in the next turn, so they share the next transaction.
 */
function startStoreWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('store-worker-entry runs only as a worker thread');
  const data = workerData as StoreWorkerData;
  // The worker waits for a `fault` answer, and `ready` ends the main thread's wait: these go at once.
  const post = (message: StoreWorkerMessage) => port.postMessage([message]);
  // Answers go in one message per turn: the answers of a whole group commit wake the main thread once.
  const answers: StoreWorkerMessage[] = [];
  const answer = (message: StoreWorkerMessage) => {
    answers.push(message);
    if (answers.length === 1) setImmediate(() => port.postMessage(answers.splice(0)));
  };

  let store: Store;
  try {
    store = createEmbeddedStore(data.config, hooksFrom(data, post));
  } catch (error) {
    post({ type: 'open-failed', error: serializeError(error) });
    return;
  }
  const methods = new Set<string>(FORWARDED_METHODS);

  function call(request: StoreWorkerRequest): Promise<unknown> {
    if (request.type === 'close') return store.close();
    if (!methods.has(request.method)) return Promise.reject(new Error(`the store has no method ${String(request.method)}`));
    return (store[request.method] as (...args: unknown[]) => Promise<unknown>).apply(store, request.args);
  }

  function handle(request: StoreWorkerRequest): void {
    const fail = (error: unknown) => answer({ type: 'failure', id: request.id, error: serializeError(error) });
    try {
      call(request).then((value) => answer({ type: 'result', id: request.id, value }), fail);
    } catch (error) {
      fail(error);
    }
  }
  port.on('message', (requests: StoreWorkerRequest[]) => requests.forEach(handle));
  void store.generation().then((generation) => post({ type: 'ready', generation }));
}

function hooksFrom(data: StoreWorkerData, post: (message: StoreWorkerMessage) => void): EmbeddedStoreHooks {
  const hooks: EmbeddedStoreHooks = {};
  if (data.reportStartUpLockRetries) {
    hooks.onStartUpLockRetry = ({ attempt, retryInMs, error }) =>
      post({ type: 'start-up-lock-retry', attempt, retryInMs, error: serializeError(error) });
  }
  if (data.faults) {
    hooks.faults = faultsRunOnMainThread(data.faults.signal, data.faults.intentsBeforeFault, (point, context) =>
      post({ type: 'fault', point, context }),
    );
  }
  if (data.connectionHookModule) {
    // Through getBuiltinModule: webpack resolves require and createRequire at build time and refuses a run-time path.
    const { createRequire } = process.getBuiltinModule('node:module');
    const hookModule = createRequire(__filename)(data.connectionHookModule) as Pick<EmbeddedStoreHooks, 'onConnectionOpen'>;
    hooks.onConnectionOpen = hookModule.onConnectionOpen;
  }
  return hooks;
}

startStoreWorker();
