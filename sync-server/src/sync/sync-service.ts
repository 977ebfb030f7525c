import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushRequest, PushResponse } from '@tasklane/shared/protocol/push';
import { checkpointSeq } from '@tasklane/shared/sync/checkpoint-position';
import type { Store } from '../store/store';
import type { ChangeNotifier } from './change-notifier';
import { toChangesEvents } from './changes-events';

export type SyncService = {
  pull(userId: string, request: PullRequest): Promise<PullResponse>;
  push(userId: string, request: PushRequest): Promise<PushResponse>;
};

export type SyncServiceDeps = {
  store: Store;
  notifier: ChangeNotifier;
  onPushed?: (stats: { written: number; conflicts: number }) => void;
};

/** The replication handler of DESIGN §3, independent of transport. */
export function createSyncService({ store, notifier, onPushed }: SyncServiceDeps): SyncService {
  return {
    async pull(userId, request) {
      const documents = await store.pullChanges(userId, checkpointSeq(request.checkpoint), request.limit);
      const last = documents[documents.length - 1];
      return { documents, checkpoint: last ? { seq: last.seq } : request.checkpoint };
    },

    async push(userId, request) {
      const outcome = await store.applyPush(userId, request.rows);
      for (const event of toChangesEvents(outcome.written)) notifier.publish(userId, event);
      onPushed?.({ written: outcome.written.length, conflicts: outcome.conflicts.length });
      return { conflicts: outcome.conflicts };
    },
  };
}
