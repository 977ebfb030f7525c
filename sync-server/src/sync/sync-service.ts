import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import type { PushRequest } from '@tasklane/shared/protocol/push';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { checkpointSeq } from '@tasklane/shared/sync/checkpoint-position';
import type { PushOutcome, Store } from '../store/store';
import type { ChangeNotifier } from './change-notifier';
import { toChangesEvents } from './changes-events';
import { createCheckpointGuard } from './checkpoint-guard';
import { capPageBytes } from './pull-page';
import { canonicalTaskState } from './canonical-task';

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
  const checkpoints = createCheckpointGuard(store);
  return {
    async pull(userId, request) {
      await checkpoints.checkGeneration(request.checkpoint);
      const page = await store.pullChanges(userId, checkpointSeq(request.checkpoint), request.limit);
      const documents = capPageBytes(page, PROTOCOL_LIMITS.pullPageMaxBytes);
      const last = documents[documents.length - 1];
      if (!last) await checkpoints.checkNotAhead(userId, request.checkpoint);
      const at = last?.seq ?? request.checkpoint?.seq;
      return { documents, checkpoint: at === undefined ? null : await checkpoints.at(at) };
    },

    async push(userId, request) {
      // completedAt is derived before the row is decided, so REST and socket writes agree (docs/protocol.md [D4]).
      // [D7], [D5]: timestamps and tags are stored, compared ([W5]) and sent back in their canonical spelling.
      const rows = request.rows.map((row) => ({
        ...row,
        newDocumentState: canonicalTaskState(row.newDocumentState),
      }));
      const outcome = await store.applyPush(userId, rows);
      if (outcome.written.length > 0) {
        const generation = await checkpoints.generation();
        for (const event of toChangesEvents(outcome.written, generation)) notifier.publish(userId, event);
      }
      return outcome;
    },
  };
}
