import type { Store } from '../store/store';
import type { Metrics } from './metrics';

/** Wraps every Store method with a latency histogram; behaviour is unchanged. */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  const instrumented = {} as Store;
  for (const key of Object.keys(store) as (keyof Store)[]) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read to be wrapped; the wrapper calls it with `store` as `this`
    const member = store[key];
    if (typeof member !== 'function') continue;
    const method = member as (...args: unknown[]) => Promise<unknown>;
    (instrumented as unknown as Record<string, unknown>)[key] = async (...args: unknown[]) => {
      const stop = metrics.storeOperationDuration.startTimer({ operation: key });
      try {
        const result = await method.apply(store, args);
        stop({ outcome: 'ok' });
        return result;
      } catch (error) {
        stop({ outcome: 'error' });
        throw error;
      }
    };
  }
  return instrumented;
}
