import { Observable } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';

type PullItem<Doc, Checkpoint> = RxReplicationPullStreamItem<Doc, Checkpoint>;

/**
 * Consecutive document events as one, the latest state of each document winning and the last checkpoint kept;
 * a RESYNC stays in its place. An event that waited may be older than a conflict answer RxDB took meanwhile,
 * but the event carrying that answer's state arrived before the answer did, so it is in the same batch.
 */
export function combinePullItems<Doc extends { id: string }, Checkpoint>(
  items: readonly PullItem<Doc, Checkpoint>[],
): PullItem<Doc, Checkpoint>[] {
  const combined: PullItem<Doc, Checkpoint>[] = [];
  for (const item of items) {
    const last = combined[combined.length - 1];
    if (item === 'RESYNC' || last === undefined || last === 'RESYNC') {
      combined.push(item);
      continue;
    }
    const byId = new Map(last.documents.map((doc) => [doc.id, doc]));
    for (const doc of item.documents) {
      byId.delete(doc.id); // keeps the order of the latest changes
      byId.set(doc.id, doc);
    }
    combined[combined.length - 1] = { documents: [...byId.values()], checkpoint: item.checkpoint };
  }
  return combined;
}

/**
 * [LE4] Holds RxDB's `pull.stream$` items while pushes are in flight (`settled(maxMs)` resolves once they are
 * answered, or after `maxMs`), each at most `maxMs` from its arrival, and hands over everything held at once,
 * combined. A RESYNC that finds nothing held passes at once (its pull waits in the pull handler).
 */
export function holdWhilePushing<Doc extends { id: string }, Checkpoint>(
  settled: (maxMs: number) => Promise<unknown>,
  maxMs: number,
): (source: Observable<PullItem<Doc, Checkpoint>>) => Observable<PullItem<Doc, Checkpoint>> {
  return (source) =>
    new Observable((subscriber) => {
      let held: { item: PullItem<Doc, Checkpoint>; deadline: number }[] = [];
      let draining = false;
      let completed = false;
      async function drain() {
        draining = true;
        while (held.length > 0 && !subscriber.closed) {
          await settled(held[0]!.deadline - Date.now());
          const batch = held;
          held = [];
          for (const item of combinePullItems(batch.map((entry) => entry.item))) subscriber.next(item);
        }
        draining = false;
        if (completed) subscriber.complete();
      }
      const subscription = source.subscribe({
        next(item) {
          if (item === 'RESYNC' && held.length === 0) return subscriber.next(item);
          held.push({ item, deadline: Date.now() + maxMs });
          if (!draining) void drain().catch((error: unknown) => subscriber.error(error));
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          completed = true;
          if (!draining) subscriber.complete();
        },
      });
      return () => subscription.unsubscribe();
    });
}
