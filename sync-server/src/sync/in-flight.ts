/** Counts operations under way, so shutdown can wait for writes to finish. */
export function createInFlightTracker() {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    async track<T>(operation: () => Promise<T>): Promise<T> {
      count += 1;
      try {
        return await operation();
      } finally {
        count -= 1;
        if (count === 0) {
          for (const wake of waiters) wake();
          waiters = [];
        }
      }
    },
    drained(): Promise<void> {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
