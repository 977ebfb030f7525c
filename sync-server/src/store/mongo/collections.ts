import type { Collection, Db } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { RefreshTokenRecord, UserRecord } from '../store';
import { searchPrefixes } from './search';

export type TaskContent = Omit<StoredTask, 'seq'>;

/** A task as stored: the replicated document plus its owner and fields only the server reads. */
export type TaskDocument = StoredTask & {
  userId: string;
  /** Word prefixes of title and description, in the text index (see search.ts). */
  searchPrefixes: string[];
  /** Set only on done tasks; the optional TTL index expires on it. */
  completedAtDate?: Date;
};

/** One pending row of a claim: "set task `id` to `content` at `seq`, if it is still at `expectedSeq`". */
export type WriteIntent = { id: string; seq: number; expectedSeq: number | null; content: TaskContent };

/**
 * The per-user sequencer document (see docs/protocol.md "Checkpoints on
 * MongoDB"): `seq` is the highest seq ever claimed for the user; `pending` the
 * claim not yet settled (empty when every claimed write is visible or failed).
 */
export type SeqHeadDocument = { userId: string; seq: number; pending: WriteIntent[] };

export type RefreshTokenDocument = RefreshTokenRecord & { expiresAtDate: Date };

export type MongoCollections = {
  users: Collection<UserRecord>;
  tasks: Collection<TaskDocument>;
  /** The same collection read at majority: what a puller sees can never be rolled back. */
  committedTasks: Collection<TaskDocument>;
  refreshTokens: Collection<RefreshTokenDocument>;
  seqHeads: Collection<SeqHeadDocument>;
};

export const COLLECTION_NAMES = {
  users: 'users',
  tasks: 'tasks',
  refreshTokens: 'refresh_tokens',
  seqHeads: 'seq_heads',
} as const;

/** Fields a client never sees. */
export const TASK_PROJECTION = { _id: 0, userId: 0, searchPrefixes: 0, completedAtDate: 0 } as const;
export const USER_PROJECTION = { _id: 0 } as const;

export function mongoCollections(db: Db): MongoCollections {
  return {
    users: db.collection<UserRecord>(COLLECTION_NAMES.users),
    tasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks),
    committedTasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks, { readConcern: { level: 'majority' } }),
    refreshTokens: db.collection<RefreshTokenDocument>(COLLECTION_NAMES.refreshTokens),
    seqHeads: db.collection<SeqHeadDocument>(COLLECTION_NAMES.seqHeads),
  };
}

export function toTaskDocument(userId: string, content: TaskContent, seq: number): TaskDocument {
  const document: TaskDocument = { ...content, seq, userId, searchPrefixes: searchPrefixes(content.title, content.description) };
  if (content.status === 'done' && content.completedAt) document.completedAtDate = new Date(content.completedAt);
  return document;
}
