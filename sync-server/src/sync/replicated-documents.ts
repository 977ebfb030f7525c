import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';

/** The stored document of each replicated collection ([DM22]). */
export type DocumentOf<C extends ReplicatedCollection> = { tasks: StoredTask; lists: StoredTaskList }[C];
/** A push row of each replicated collection. */
export type PushRowOf<C extends ReplicatedCollection> = { tasks: PushRow; lists: ListPushRow }[C];

/** A pull's answer for one collection: its documents in `seq` order and the checkpoint of the last ([P1], [P2]). */
export type PullPage<C extends ReplicatedCollection> = { documents: DocumentOf<C>[]; checkpoint: ServerCheckpoint | null };

/** The `changes` event of one collection, its documents typed. */
export type ChangesEventOf<C extends ReplicatedCollection> = Omit<ChangesEvent, 'collection' | 'documents'> & {
  collection: C;
  documents: DocumentOf<C>[];
};
