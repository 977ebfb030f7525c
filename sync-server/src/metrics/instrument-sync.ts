import type { SyncService } from '../sync/sync-service';
import type { Metrics } from './metrics';

/** Counts and times pulls and pushes, and the documents each one pulled, wrote or reported as conflicts. */
export function instrumentSync(sync: SyncService, metrics: Metrics): SyncService {
  async function timed<T>(operation: 'pull' | 'push', run: () => Promise<T>): Promise<T> {
    const stop = metrics.syncOperationDuration.startTimer({ operation });
    try {
      const result = await run();
      metrics.syncOperations.inc({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      metrics.syncOperations.inc({ operation, outcome: 'error' });
      throw error;
    } finally {
      stop();
    }
  }
  return {
    pull: (userId, request) =>
      timed('pull', async () => {
        const response = await sync.pull(userId, request);
        metrics.syncDocuments.inc({ kind: 'pulled' }, response.documents.length);
        return response;
      }),
    push: (userId, request) =>
      timed('push', async () => {
        const outcome = await sync.push(userId, request);
        metrics.syncDocuments.inc({ kind: 'written' }, outcome.written.length);
        metrics.syncDocuments.inc({ kind: 'conflict' }, outcome.conflicts.length);
        return outcome;
      }),
  };
}
