import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushRequest } from '@tasklane/shared/protocol/push';
import { checkpointSeq } from '@tasklane/shared/sync/checkpoint-position';
import type { PushOutcome, Store } from '../store/store';
import type { ChangeNotifier } from './change-notifier';
import { toChangesEvents } from './changes-events';

export type SyncService = {
  pull: (userId: string, request: PullRequest) => Promise<PullResponse>;
  /** The socket acknowledges only `conflicts`; the written documents reach clients as `changes`. */
  push: (userId: string, request: PushRequest) => Promise<PushOutcome>;
};

export type SyncServiceDeps = {
  store: Store;
  notifier: ChangeNotifier;
};

/** The replication handler of docs/protocol.md §3 (pull, push, changes), independent of transport. */
export function createSyncService({ store, notifier }: SyncServiceDeps): SyncService {
  return {
    async pull(userId, request) {
      const documents = await store.pullChanges(userId, checkpointSeq(request.checkpoint), request.limit);
      const last = documents[documents.length - 1];
      return { documents, checkpoint: last ? { seq: last.seq } : request.checkpoint };
    },

    async push(userId, request) {
      const outcome = await store.applyPush(userId, request.rows);
      for (const event of toChangesEvents(outcome.written)) notifier.publish(userId, event);
      return outcome;
    },
  };
}
