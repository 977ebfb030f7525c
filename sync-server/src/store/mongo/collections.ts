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
};

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
};

/**
 * One write of a claim, stored durably before the claim is taken ([MG3]), so that any helper can
 * apply it: "set task `id` to `content` at the claim's seq for `index`, if it is still at `expectedSeq`".
 */
export type ClaimIntentDocument = {
  userId: string;
  claimId: string;
  index: number;
  id: string;
  expectedSeq: number | null;
  content: TaskContent;
  hash: string;
  createdAt: Date;
};

export type RefreshTokenDocument = RefreshTokenRecord & { expiresAtDate: Date };

export type MongoCollections = {
  users: Collection<UserRecord>;
  tasks: Collection<TaskDocument>;
  /** The same collection read at majority: what a puller sees can never be rolled back. */
  committedTasks: Collection<TaskDocument>;
  refreshTokens: Collection<RefreshTokenDocument>;
  seqHeads: Collection<SeqHeadDocument>;
  claimIntents: Collection<ClaimIntentDocument>;
};

export const COLLECTION_NAMES = {
  users: 'users',
  tasks: 'tasks',
  refreshTokens: 'refresh_tokens',
  seqHeads: 'seq_heads',
  claimIntents: 'claim_intents',
} as const;

/** Fields a client never sees (`completedAtDate`: left on documents by the removed completed-task TTL). */
export const TASK_PROJECTION = { _id: 0, userId: 0, searchPrefixes: 0, completedAtDate: 0 } as const;
export const USER_PROJECTION = { _id: 0 } as const;

export function mongoCollections(db: Db): MongoCollections {
  return {
    users: db.collection<UserRecord>(COLLECTION_NAMES.users),
    tasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks),
    committedTasks: db.collection<TaskDocument>(COLLECTION_NAMES.tasks, { readConcern: { level: 'majority' } }),
    refreshTokens: db.collection<RefreshTokenDocument>(COLLECTION_NAMES.refreshTokens),
    seqHeads: db.collection<SeqHeadDocument>(COLLECTION_NAMES.seqHeads),
    claimIntents: db.collection<ClaimIntentDocument>(COLLECTION_NAMES.claimIntents),
  };
}

export function toTaskDocument(userId: string, content: TaskContent, seq: number): TaskDocument {
  return { ...content, seq, userId, searchPrefixes: searchPrefixes(content.title, content.description) };
}
