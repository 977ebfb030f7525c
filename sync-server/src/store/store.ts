import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import type { TaskStatus } from '@tasklane/shared/domain/task-fields';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import type { ReminderStore } from './reminder-store';
import type { AccountEmailStore } from './account-email-store';
import type { FanOut, SharingStore } from './sharing-store';

export type UserRecord = { id: string; email: string; passwordHash: string; createdAt: string };

export type RefreshTokenRecord = {
  id: string;
  familyId: string;
  userId: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  /** The token issued when this one was rotated; a retry within the grace window gets this same one ([AU8]). */
  replacedBy: string | null;
  /** When the family's sign-in happened ([AU11]); null for tokens stored before families had an age. */
  familyCreatedAt: string | null;
};

/**
 * [SH4] A row refused for what it would reach: `FORBIDDEN` (a list the caller may not write, or a document they may
 * no longer see), `CONFLICT` (it would give a user two documents with one id, [SH11]), `INVALID_ASSIGNEE` (it assigns
 * the task to someone who may not edit its list, [AS3]). It changed nothing.
 */
export type DeniedRow = { id: string; code: 'FORBIDDEN' | 'CONFLICT' | 'INVALID_ASSIGNEE' };

/** What a push did beyond the caller's own documents: rows denied, and what other users must hear of ([SH6]). */
export type SharedOutcome = { denied?: DeniedRow[]; fanOut?: FanOut };

export type PushOutcome = SharedOutcome & {
  /** Documents written by this push, in `seq` order (the caller's `seq`s). */
  written: StoredTask[];
  /** Server states of the rows that were not written (docs/protocol.md [W3]–[W5]). */
  conflicts: StoredTask[];
};

/**
 * What a push of lists did: the same shape as for tasks ([DM22]), and `overCap`, the ids of rows not written because
 * they would have taken the account past `maxLiveLists` ([RJ2]); absent when there are none.
 */
export type ListPushOutcome = SharedOutcome & { written: StoredTaskList[]; conflicts: StoredTaskList[]; overCap?: string[] };

/** [RJ2] Live lists besides the Inbox that a list push may leave an account with, counted with its write (race-free). */
export type ListPushLimits = { maxLiveLists: number };

export type ListQuery = {
  limit: number;
  /** Opaque position from a previous page's `nextCursor`. */
  cursor?: string;
  includeDeleted?: boolean;
};

/** A page of lists in their manual order (`order`, then `id`, [DM17]). */
export type ListPage = { lists: StoredTaskList[]; nextCursor: string | null };

export type TaskListQuery = {
  status?: TaskStatus;
  /** Only tasks of this list. */
  listId?: string;
  /** [AS5] Only tasks assigned to this user. */
  assignee?: string;
  /**
   * Only open tasks (status not `done`, not deleted, whatever `includeDeleted` says) with a due whose sort key is before
   * this one, ordered by that key, then id (Today and Upcoming, [DM23]). A due's sort key is its date (`YYYY-MM-DD`) or
   * its canonical instant (`dueSortKey`, [LS6]); both sort as text. A page's cursor is valid only for this ordering.
   */
  dueBefore?: string;
  /** Full-text search over title and description. */
  q?: string;
  limit: number;
  /** Opaque position from a previous page's `nextCursor`. */
  cursor?: string;
  includeDeleted?: boolean;
};

/**
 * What the sync logic needs from storage; every method is scoped to one user: what they hold, their own documents
 * and those of lists shared with them ([SH7]), each under the user's own `seq`.
 * Implementations must guarantee the checkpoint rule: once a change with `seq`
 * N is visible, every change of that user with a lower `seq` is visible too.
 * Every task returned is a version-2 document: a stored version-1 one is upgraded when read ([DM19], [LS4]).
 */
export interface Store extends AccountEmailStore, ReminderStore, SharingStore {
  pullChanges(userId: string, afterSeq: number, limit: number): Promise<StoredTask[]>;
  /** The highest `seq` the user's documents (tasks and lists) have ever had (0 for none): a checkpoint past it is from another history ([G3]). */
  highestSeq(userId: string): Promise<number>;
  /**
   * [G1] This store's generation: created once with the store, the same after every
   * reopen and on every instance, different for another (fresh) store.
   */
  generation(): Promise<string>;
  applyPush(userId: string, rows: PushRow[]): Promise<PushOutcome>;
  getTask(userId: string, id: string): Promise<StoredTask | null>;
  /** The stored tasks (tombstones too) with these ids, in one read; ids the user lacks are left out ([UC2] screens a push). */
  getTasks(userId: string, ids: readonly string[]): Promise<StoredTask[]>;
  listTasks(userId: string, query: TaskListQuery): Promise<TaskListPage>;

  /** [DM22] Lists: the same contract as tasks, their `seq` taken from the same per-user sequence. */
  pullListChanges(userId: string, afterSeq: number, limit: number): Promise<StoredTaskList[]>;
  applyListPush(userId: string, rows: ListPushRow[], limits?: ListPushLimits): Promise<ListPushOutcome>;
  getList(userId: string, id: string): Promise<StoredTaskList | null>;
  getLists(userId: string, ids: readonly string[]): Promise<StoredTaskList[]>;
  listLists(userId: string, query: ListQuery): Promise<ListPage>;

  /** Returns false when the email is already registered. */
  createUser(user: UserRecord): Promise<boolean>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  /** Replaces a user's password hash (a rehash with stronger parameters, [AU16]). */
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;

  insertRefreshToken(
    token: Omit<RefreshTokenRecord, 'usedAt' | 'revokedAt' | 'replacedBy' | 'familyCreatedAt'> & { familyCreatedAt: string },
  ): Promise<void>;
  findRefreshToken(id: string): Promise<RefreshTokenRecord | null>;
  /**
   * Atomically marks an unrevoked, never-used token as used at `at` and points it at `successor`.
   * False when it was already used or revoked (another rotation got there first).
   */
  rotateRefreshToken(id: string, successor: string, at: string): Promise<boolean>;
  revokeRefreshTokenFamily(familyId: string, revokedAt: string): Promise<void>;
  /** True while some token of the family (sign-in) is neither revoked nor expired at `at` ([AU17]). */
  isRefreshFamilyActive(familyId: string, at: string): Promise<boolean>;

  /** Throws when the store cannot serve requests. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
