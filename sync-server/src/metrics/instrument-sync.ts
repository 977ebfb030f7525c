import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { SyncService } from '../sync/sync-service';
import type { Metrics } from './metrics';

/** Counts and times pulls and pushes per collection, and the documents each one pulled, wrote or reported as conflicts. */
export function instrumentSync(sync: SyncService, metrics: Metrics): SyncService {
  async function timed<T>(operation: 'pull' | 'push', collection: ReplicatedCollection, run: () => Promise<T>): Promise<T> {
    const stop = metrics.syncOperationDuration.startTimer({ operation, collection });
    try {
      const result = await run();
      metrics.syncOperations.inc({ operation, collection, outcome: 'ok' });
      return result;
    } catch (error) {
      metrics.syncOperations.inc({ operation, collection, outcome: 'error' });
      throw error;
    } finally {
      stop();
    }
  }
  function pulled<R extends { documents: unknown[] }>(collection: ReplicatedCollection, run: () => Promise<R>): Promise<R> {
    return timed('pull', collection, async () => {
      const response = await run();
      metrics.syncDocuments.inc({ kind: 'pulled', collection }, response.documents.length);
      return response;
    });
  }
  function pushed<R extends { written: unknown[]; conflicts: unknown[] }>(
    collection: ReplicatedCollection,
    run: () => Promise<R>,
  ): Promise<R> {
    return timed('push', collection, async () => {
      const outcome = await run();
      metrics.syncDocuments.inc({ kind: 'written', collection }, outcome.written.length);
      metrics.syncDocuments.inc({ kind: 'conflict', collection }, outcome.conflicts.length);
      return outcome;
    });
  }
  return {
    pull: (userId, request) => pulled('tasks', () => sync.pull(userId, request)),
    pullLists: (userId, request) => pulled('lists', () => sync.pullLists(userId, request)),
    push: (userId, request) => pushed('tasks', () => sync.push(userId, request)),
    pushLists: (userId, request) => pushed('lists', () => sync.pushLists(userId, request)),
  };
}
