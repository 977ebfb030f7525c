import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ListPushRow, PushRow, RefusedRow } from '@tasklane/shared/protocol/push';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { checkpointSeq } from '@tasklane/shared/sync/checkpoint-position';
import type { DeniedRow, ListPushOutcome, PushOutcome, Store } from '../store/store';
import type { ChangeNotifier } from './change-notifier';
import { publishFanOut, toChangesEvents } from './changes-events';
import { createCheckpointGuard } from './checkpoint-guard';
import { capPageBytes } from './pull-page';
import { canonicalTaskState } from './canonical-task';
import { canonicalListState } from './canonical-list';
import type { ChangesEventOf, DocumentOf, PullPage } from './replicated-documents';
import { LIST_LIMITS } from './list-limits';
import { screenUnsafeRows } from './unsafe-rows';

/** What a push did: the store's outcome and the rows refused, which changed nothing and got no `seq` ([RJ1]). */
export type SyncPushOutcome = Omit<PushOutcome, 'denied' | 'fanOut'> & { refused?: RefusedRow[] };
export type SyncListPushOutcome = Omit<ListPushOutcome, 'overCap' | 'denied' | 'fanOut'> & { refused?: RefusedRow[] };

/** A pull of one collection; the parsed socket message always names it, callers inside the server may leave it out. */
export type PullOf<C extends ReplicatedCollection> = { collection?: C; checkpoint: Checkpoint | null; limit: number };

export type SyncService = {
  /** Tasks changed after the checkpoint ([P1]–[P5], [G3]). */
  pull: (userId: string, request: PullOf<'tasks'>) => Promise<PullPage<'tasks'>>;
  /** Lists changed after the checkpoint: the same rules, the checkpoint of the last list ([CO1], [DM22]). */
  pullLists: (userId: string, request: PullOf<'lists'>) => Promise<PullPage<'lists'>>;
  /** The socket acknowledges only `conflicts`; the written documents reach clients as `changes`. */
  push: (userId: string, request: { collection?: 'tasks'; rows: PushRow[] }) => Promise<SyncPushOutcome>;
  pushLists: (userId: string, request: { collection?: 'lists'; rows: ListPushRow[] }) => Promise<SyncListPushOutcome>;
};

export type SyncServiceDeps = {
  store: Store;
  notifier: ChangeNotifier;
};

/** The replication handler of docs/protocol.md §3 (pull, push, changes) for every collection, independent of transport. */
export function createSyncService({ store, notifier }: SyncServiceDeps): SyncService {
  const checkpoints = createCheckpointGuard(store);

  async function pullPage<C extends ReplicatedCollection>(
    userId: string,
    request: PullOf<C>,
    pullChanges: (userId: string, afterSeq: number, limit: number) => Promise<DocumentOf<C>[]>,
  ): Promise<PullPage<C>> {
    await checkpoints.checkGeneration(request.checkpoint);
    const page = await pullChanges(userId, checkpointSeq(request.checkpoint), request.limit);
    const documents = capPageBytes(page, PROTOCOL_LIMITS.pullPageMaxBytes);
    const last = documents[documents.length - 1];
    // [G3]: the user's highest seq counts every collection, so a checkpoint of either is judged against one head.
    if (!last) await checkpoints.checkNotAhead(userId, request.checkpoint);
    const at = last?.seq ?? request.checkpoint?.seq;
    return { documents, checkpoint: at === undefined ? null : await checkpoints.at(at) };
  }

  async function changesOf<C extends ReplicatedCollection>(collection: C, written: DocumentOf<C>[]): Promise<ChangesEventOf<C>[]> {
    if (written.length === 0) return [];
    return toChangesEvents(collection, written, await checkpoints.generation());
  }

  const generation = () => checkpoints.generation();

  return {
    pull: (userId, request) => pullPage(userId, request, (user, afterSeq, limit) => store.pullChanges(user, afterSeq, limit)),
    pullLists: (userId, request) => pullPage(userId, request, (user, afterSeq, limit) => store.pullListChanges(user, afterSeq, limit)),

    async push(userId, request) {
      // Canonical before the row is decided, so REST and socket writes agree and a retry compares equal ([D4], [D5],
      // [D7], [W5]); a series' due and status are derived here too ([DM10]).
      const canonical = request.rows.map((row) => ({ ...row, newDocumentState: canonicalTaskState(row.newDocumentState) }));
      // [UC2] Rows that would store unsafe text are refused one by one ([UC7]: a deletion stores safe text instead); the others are written as ever.
      const screened = await screenUnsafeRows(canonical, (ids) => store.getTasks(userId, ids));
      const outcome = screened.rows.length > 0 ? await store.applyPush(userId, screened.rows) : { written: [], conflicts: [] };
      for (const event of await changesOf('tasks', outcome.written)) notifier.publish(userId, event);
      await publishFanOut(notifier, generation, outcome.fanOut);
      return {
        written: outcome.written,
        conflicts: [...screened.conflicts, ...outcome.conflicts],
        refused: [...screened.refused, ...deniedRows(outcome.denied)],
      };
    },

    async pushLists(userId, request) {
      const canonical = request.rows.map((row) => ({ ...row, newDocumentState: canonicalListState(row.newDocumentState) }));
      const screened = await screenUnsafeRows(canonical, (ids) => store.getLists(userId, ids));
      // [RJ2] The store counts live lists in the transaction (or claim) that writes them: concurrent pushes cannot pass the cap.
      const outcome =
        screened.rows.length > 0 ? await store.applyListPush(userId, screened.rows, LIST_LIMITS) : { written: [], conflicts: [] };
      for (const event of await changesOf('lists', outcome.written)) notifier.publish(userId, event);
      await publishFanOut(notifier, generation, outcome.fanOut);
      const overCap = (outcome.overCap ?? []).map((id) => ({ id, code: 'LIST_LIMIT' as const, message: listLimitMessage() }));
      return {
        written: outcome.written,
        conflicts: [...screened.conflicts, ...outcome.conflicts],
        refused: [...screened.refused, ...overCap, ...deniedRows(outcome.denied)],
      };
    },
  };
}

/** [RJ2] Why a list was not created: said the same way over the socket and REST. */
export function listLimitMessage(): string {
  return `this account has ${LIST_LIMITS.maxLiveLists} lists, the most it may have (archived ones included); delete one first`;
}

const DENIED_MESSAGE: Record<DeniedRow['code'], string> = {
  FORBIDDEN: 'no access: the list is shared with this account to view only, or no longer shared with it, or another account owns it',
  CONFLICT: 'another document with this id is already held by this account or by a member of the list',
  INVALID_ASSIGNEE:
    "the task's assignee may not edit its list: assign the list's owner or one of its editors (in a list that is not shared, and in the Inbox, only its owner), or nobody",
};

/** [SH4] [SH11] [AS3] Rows the store refused for where they would go: per row, like every refusal ([RJ1]). */
function deniedRows(denied: DeniedRow[] | undefined): RefusedRow[] {
  return (denied ?? []).map(({ id, code }) => ({ id, code, message: DENIED_MESSAGE[code] }));
}
