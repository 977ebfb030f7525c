import type { SyncService } from './sync-service';

export type TrackedSyncService = SyncService & {
  /** Resolves once no push is under way. */
  drained(): Promise<void>;
};

/** Counts pushes under way, so shutdown can wait for writes to finish; pulls can be cut off and retried. */
export function trackInFlight(sync: SyncService): TrackedSyncService {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    pull: sync.pull,
    async push(userId, request) {
      count += 1;
      try {
        return await sync.push(userId, request);
      } finally {
        count -= 1;
        if (count === 0) {
          for (const wake of waiters) wake();
          waiters = [];
        }
      }
    },
    drained() {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
