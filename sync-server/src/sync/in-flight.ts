import type { SyncService } from './sync-service';

export type TrackedSyncService = SyncService & {
  /** Resolves once no push is under way. */
  drained(): Promise<void>;
};

/** Counts pushes under way (of every collection), so shutdown can wait for writes to finish; pulls can be cut off and retried. */
export function trackInFlight(sync: SyncService): TrackedSyncService {
  let count = 0;
  let waiters: (() => void)[] = [];
  async function tracked<T>(write: () => Promise<T>): Promise<T> {
    count += 1;
    try {
      return await write();
    } finally {
      count -= 1;
      if (count === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    }
  }
  return {
    pull: sync.pull,
    pullLists: sync.pullLists,
    push: (userId, request) => tracked(() => sync.push(userId, request)),
    pushLists: (userId, request) => tracked(() => sync.pushLists(userId, request)),
    drained() {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
