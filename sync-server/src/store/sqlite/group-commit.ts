import type Database from 'better-sqlite3';

export type GroupCommit = {
  /** Runs `work` inside the next group transaction; resolves once that transaction committed, rejects when `work` failed. */
  enqueue<T>(work: () => T): Promise<T>;
  /** Commits what is queued now (before closing). */
  flush(): void;
};

/** A push of a group commit failed, so the whole transaction is rolled back (nothing of the batch is committed). */
class BatchRolledBack extends Error {
  constructor(
    readonly index: number,
    readonly failure: unknown,
  ) {
    super('the group commit transaction was rolled back', { cause: failure });
  }
}

type Queued = { work: () => unknown; resolve: (outcome: unknown) => void; reject: (error: unknown) => void };
type WorkResult = { outcome: unknown } | { error: unknown };

/**
 * Group commit: pushes (of tasks or of lists) that arrive in the same event-loop turn share one
 * transaction (one fsync). [SW5] The first attempt runs them without savepoints: a savepoint copies
 * every page it first touches to a sub-journal (perf: over a quarter of the store's CPU time under
 * batched pushes, while the sub-journal was a temporary file). If a push fails, the transaction is
 * rolled back, that push fails alone ([LE3]), and the others run again, each in a savepoint of its
 * own, so that a later failure undoes only its push. `onCommitted` runs after every flush.
 */
export function createGroupCommit(db: Database.Database, onCommitted: () => void): GroupCommit {
  const inSavepoint = db.transaction((work: () => unknown) => work());
  let queue: Queued[] = [];

  const commitQueued = db.transaction((batch: Queued[], isolated: boolean): WorkResult[] => {
    const results: WorkResult[] = [];
    for (const [index, queued] of batch.entries()) {
      try {
        results.push({ outcome: isolated ? inSavepoint(queued.work) : queued.work() });
      } catch (error) {
        // [LE3] Without a savepoint the push may have written part of its rows; with one, SQLITE_FULL,
        // SQLITE_IOERR, … may still have rolled back the whole transaction, and every later push would
        // then commit on its own and the final COMMIT fail. Either way: roll the batch back, stop here.
        if (!isolated || !db.inTransaction) throw new BatchRolledBack(index, error);
        results.push({ error });
      }
    }
    return results;
  });

  /**
   * [LE3] Each push learns exactly its own outcome: committed pushes resolve, the rest reject. When a
   * push rolled the whole batch back, nothing of it was committed: that push fails with its error and
   * the others run again without it.
   */
  function flush(): void {
    let batch = queue;
    queue = [];
    let isolated = false;
    while (batch.length > 0) {
      let results: WorkResult[];
      try {
        results = commitQueued.immediate(batch, isolated);
      } catch (error) {
        if (error instanceof BatchRolledBack) {
          batch[error.index]!.reject(error.failure);
          batch = batch.filter((_, index) => index !== error.index);
          isolated = true;
          continue;
        }
        for (const queued of batch) queued.reject(error);
        return;
      }
      results.forEach((result, index) => {
        const queued = batch[index]!;
        if ('outcome' in result) queued.resolve(result.outcome);
        else queued.reject(result.error);
      });
      break;
    }
    onCommitted();
  }

  function flushQueued(): void {
    if (queue.length > 0) flush();
  }

  return {
    enqueue<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (outcome: unknown) => void, reject });
        if (queue.length === 1) setImmediate(flushQueued);
      });
    },
    flush: flushQueued,
  };
}
