import type { Collection, Db } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { upgradeTask, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { taskDueKey } from '../due-key';
import { nextFireAtOf } from '../next-fire-at';
import type { RefreshTokenRecord, UserRecord } from '../store';
import { searchPrefixes } from './search';

export type TaskContent = Omit<StoredTask, 'seq'>;
export type ListContent = Omit<StoredTaskList, 'seq'>;

/**
 * A task as stored: the replicated document plus its owner and fields only the server reads. Documents written
 * before data model v2 are version 1 (`dueAt`, no `listId`) and are upgraded when read ([DM19], `fromTaskDocument`).
 */
export type TaskDocument = StoredTask & {
  userId: string;
  /** Word prefixes of title and description, in the text index (see search.ts). */
  searchPrefixes: string[];
  /** [LS6] The due's sort key (`dueSortKey`), null without a due; absent only on documents not yet filled ([LS9]). */
  dueKey?: string | null;
  /** [NT7] The earliest fire of its reminders (next-fire-at.ts), written with the document; absent on older documents. */
  nextFireAt?: string | null;
};

/** A list as stored: the replicated document plus its owner. */
export type ListDocument = StoredTaskList & { userId: string };

/** One write of a claim as the head keeps it: the task and a hash of the content its durable intent carries. */
export type ClaimEntry = { id: string; hash: string };

/** A claim's outcome recorded by the helper that settled it, for the claim's late writer ([SF4]): indexes of the writes that landed. */
export type HelpedClaim = { claimId: string; landed: number[] };

/** A head entry written by versions before durable intents: the whole write in the head. */
export type LegacyClaimEntry = { id: string; seq: number; expectedSeq: number | null; content: TaskContent };

/**
 * The per-user sequencer document (see docs/protocol.md "Checkpoints on MongoDB"): `seq` is the
 * highest seq ever claimed for the user; `pending` the claim not yet settled (empty when every
 * claimed write is visible or can never be), its writes at seqs `firstSeq`, `firstSeq + 1`, …
 */
export type SeqHeadDocument = {
  userId: string;
  seq: number;
  pending: ClaimEntry[];
  claimId?: string | null;
  firstSeq?: number;
  /** Server time until which only the claim's writer applies it ([MG4]); then anyone may. */
  leaseExpiresAt?: Date | null;
  /** The last claims settled by a helper, newest last. */
  helped?: HelpedClaim[];
  /** Moved by every sharing transaction that takes the head; absent on heads from before sharing (read as 0). */
  epoch?: number;
  /**
   * Set by the first sharing transaction that takes the head, and kept: the user may hold documents of other spaces or
   * lists with members, so their pushes take the sharing path. Memberships and feed entries are written only by such
   * transactions, so a head without it belongs to a user who shares nothing.
   */
  shares?: boolean;
  /** [SH5] Set while the account is being deleted: it joins no list and is handed none any more. */
  closed?: boolean;
  /** A fresh token written by each transaction that lands a claim's inserts, so a settle cannot come between. */
  landing?: string;
};

/**
 * One write of a claim, stored durably before the claim is taken ([MG3]), so that any helper can
 * apply it: "set task `id` to `content` at the claim's seq for `index`, if it is still at `expectedSeq`".
 */
export type ClaimIntentDocument = {
  userId: string;
  claimId: string;
  index: number;
  /** [LS2] The collection written; absent on intents stored before lists existed, which are of tasks. */
  collection?: ReplicatedCollection;
  id: string;
  expectedSeq: number | null;
  content: TaskContent | ListContent;
  hash: string;
  createdAt: Date;
};

export type RefreshTokenDocument = RefreshTokenRecord & { expiresAtDate: Date };

export type MongoCollections = {
  users: Collection<UserRecord>;
  tasks: Collection<TaskDocument>;
  /** The same collection read at majority: what a puller sees can never be rolled back. */
  committedTasks: Collection<TaskDocument>;
  lists: Collection<ListDocument>;
  committedLists: Collection<ListDocument>;
  refreshTokens: Collection<RefreshTokenDocument>;
  seqHeads: Collection<SeqHeadDocument>;
  claimIntents: Collection<ClaimIntentDocument>;
};

export const COLLECTION_NAMES = {
  users: 'users',
  tasks: 'tasks',
  lists: 'lists',
  refreshTokens: 'refresh_tokens',
  seqHeads: 'seq_heads',
  claimIntents: 'claim_intents',
} as const;

/** Fields a client never sees (`completedAtDate`: left on documents by the removed completed-task TTL). */
export const TASK_PROJECTION = { _id: 0, userId: 0, searchPrefixes: 0, completedAtDate: 0, dueKey: 0, nextFireAt: 0 } as const;
export const LIST_PROJECTION = { _id: 0, userId: 0 } as const;
/** `emailVerifiedAt` is read on its own (mongo-account-tokens.ts, [AC5]). */
export const USER_PROJECTION = { _id: 0, emailVerifiedAt: 0 } as const;

export function mongoCollections(db: Db): MongoCollections {
  return {
    users: db.collection<UserRecord>(COLLECTION_NAMES.users),
    tasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks),
    committedTasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks, { readConcern: { level: 'majority' } }),
    lists: db.collection<ListDocument>(COLLECTION_NAMES.lists),
    committedLists: db.collection<ListDocument>(COLLECTION_NAMES.lists, { readConcern: { level: 'majority' } }),
    refreshTokens: db.collection<RefreshTokenDocument>(COLLECTION_NAMES.refreshTokens),
    seqHeads: db.collection<SeqHeadDocument>(COLLECTION_NAMES.seqHeads),
    claimIntents: db.collection<ClaimIntentDocument>(COLLECTION_NAMES.claimIntents),
  };
}

export function toTaskDocument(userId: string, content: TaskContent, seq: number): TaskDocument {
  return {
    ...content,
    seq,
    userId,
    searchPrefixes: searchPrefixes(content.title, content.description),
    dueKey: taskDueKey(content),
    nextFireAt: nextFireAtOf(content),
  };
}

export function toListDocument(userId: string, content: ListContent, seq: number): ListDocument {
  return { ...content, seq, userId };
}

/**
 * [DM19] [LS4] Every task read goes through here: a stored document (read with TASK_PROJECTION) as clients see it,
 * a version-1 one upgraded; fields the server keeps beside the document (`dueAt` of version 1 included) are dropped.
 */
export function fromTaskDocument(stored: StoredTask | (TaskV1 & { seq: number })): StoredTask {
  return upgradeTask(stored);
}
