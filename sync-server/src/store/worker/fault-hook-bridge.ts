import type { StoreFaultContext, StoreFaultPoint, StoreFaults } from '../store-faults';
import { FaultHookThrew } from './serialized-error';

/**
 * Test-only: runs a store's fault hooks (store-faults.ts) on the main thread although the store's
 * transaction runs in the worker. Inside the transaction a hook must answer synchronously, so the
 * worker posts `fault` and blocks on a shared cell until the main thread has run the hook: [0] holds
 * the state, [1] the id under which the main thread keeps what the hook threw. Production stores
 * have no fault hooks and never block.
 */
const WAITING = 0;
const PASSED = 1;
const THREW = 2;
const RETURNED_PROMISE = 3;

export function createFaultSignal(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** Worker side: the hooks given to the embedded store. `before-ack` is left to the main thread's proxy, where it may stall. */
export function faultsRunOnMainThread(
  signal: SharedArrayBuffer,
  intentsBeforeFault: number | undefined,
  postFault: (point: StoreFaultPoint, context: StoreFaultContext) => void,
): StoreFaults {
  const cells = new Int32Array(signal);
  return {
    ...(intentsBeforeFault === undefined ? {} : { intentsBeforeFault }),
    reached(point, context) {
      if (point === 'before-ack') return undefined;
      Atomics.store(cells, 0, WAITING);
      postFault(point, context);
      Atomics.wait(cells, 0, WAITING);
      const state = Atomics.load(cells, 0);
      if (state === THREW) throw new FaultHookThrew(Atomics.load(cells, 1));
      // A stalling hook inside a SQLite transaction is refused by reachedInTransaction, as in one thread.
      return state === RETURNED_PROMISE ? Promise.resolve() : undefined;
    },
  };
}

export type FaultHookRunner = {
  /** Runs the hook for a `fault` message and wakes the worker. */
  run(point: StoreFaultPoint, context: StoreFaultContext): void;
  /** What the hook threw under `id`, the very object (tests assert its class). */
  take(id: number): unknown;
};

/** Main-thread side. */
export function createFaultHookRunner(signal: SharedArrayBuffer, faults: StoreFaults): FaultHookRunner {
  const cells = new Int32Array(signal);
  const thrown = new Map<number, unknown>();
  let nextId = 1;
  return {
    run(point, context) {
      let state = PASSED;
      try {
        const result = faults.reached(point, context);
        if (result instanceof Promise) {
          state = RETURNED_PROMISE;
          result.catch(() => undefined);
        }
      } catch (error) {
        const id = nextId++;
        thrown.set(id, error);
        Atomics.store(cells, 1, id);
        state = THREW;
      }
      Atomics.store(cells, 0, state);
      Atomics.notify(cells, 0);
    },
    take(id) {
      const error = thrown.get(id);
      thrown.delete(id);
      return error ?? new Error(`fault hook error ${id} is unknown`);
    },
  };
}
