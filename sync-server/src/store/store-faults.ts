/**
 * Test-only fault injection for the store contract (docs/architecture.md [SF1]–[SF4]). Stores take it
 * in their hooks argument, never from configuration. A hook that throws simulates a crash of the
 * writer at that point; one that returns a promise which settles late simulates a stalled writer.
 *
 * - `after-claim`: the push's seqs are claimed, none of its rows is applied (SQLite: seqs allocated
 *   inside the open transaction).
 * - `after-intents`: `applied` of the claim's `of` rows are applied, the claim is not settled
 *   (SQLite: rows written inside the open transaction, not committed).
 * - `before-ack`: the push is durable (MongoDB: claim settled; SQLite: committed), its outcome not yet returned.
 * - `lease-wait`: MongoDB only: a writer found another writer's live claim and waits for its lease.
 */
export type StoreFaultPoint = 'after-claim' | 'after-intents' | 'before-ack' | 'lease-wait';

export type StoreFaultContext = { userId: string; applied: number; of: number };

export type StoreFaults = {
  reached(point: StoreFaultPoint, context: StoreFaultContext): void | Promise<void>;
  /** `after-intents` is reached after this many rows of a claim (undefined: after all of them). */
  intentsBeforeFault?: number;
};

/** For points inside a synchronous SQLite transaction: a hook there can crash, not stall. */
export function reachedInTransaction(faults: StoreFaults | undefined, point: StoreFaultPoint, context: StoreFaultContext): void {
  const result = faults?.reached(point, context);
  if (result instanceof Promise) throw new Error(`a fault hook at ${point} inside a SQLite transaction must be synchronous`);
}
