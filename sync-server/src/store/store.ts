import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import type { TaskStatus } from '@tasklane/shared/domain/task-fields';
import type { PushRow } from '@tasklane/shared/protocol/push';

export type UserRecord = { id: string; email: string; passwordHash: string; createdAt: string };

export type RefreshTokenRecord = {
  id: string;
  familyId: string;
  userId: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  /** The token issued when this one was rotated (the latest one, after a retried rotation). */
  replacedBy: string | null;
};

export type PushOutcome = {
  /** Documents written by this push, in `seq` order. */
  written: StoredTask[];
  /** Server states of the rows that were not written (docs/protocol.md [W3]–[W5]). */
  conflicts: StoredTask[];
};

export type TaskListQuery = {
  status?: TaskStatus;
  /** Full-text search over title and description. */
  q?: string;
  limit: number;
  /** Opaque position from a previous page's `nextCursor`. */
  cursor?: string;
  includeDeleted?: boolean;
};

/**
 * What the sync logic needs from storage; every method is scoped to one user.
 * Implementations must guarantee the checkpoint rule: once a change with `seq`
 * N is visible, every change of that user with a lower `seq` is visible too.
 */
export interface Store {
  pullChanges(userId: string, afterSeq: number, limit: number): Promise<StoredTask[]>;
  applyPush(userId: string, rows: PushRow[]): Promise<PushOutcome>;
  getTask(userId: string, id: string): Promise<StoredTask | null>;
  listTasks(userId: string, query: TaskListQuery): Promise<TaskListPage>;

  /** Returns false when the email is already registered. */
  createUser(user: UserRecord): Promise<boolean>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;

  insertRefreshToken(token: Omit<RefreshTokenRecord, 'usedAt' | 'revokedAt' | 'replacedBy'>): Promise<void>;
  findRefreshToken(id: string): Promise<RefreshTokenRecord | null>;
  /**
   * Atomically points an unrevoked token at `successor`, only while it still
   * points at `expectedSuccessor` (null: never rotated, which also sets `usedAt`).
   * False when another rotation got there first.
   */
  rotateRefreshToken(id: string, expectedSuccessor: string | null, successor: string, at: string): Promise<boolean>;
  /** Atomically revokes one token that was never used; false when it was used or revoked. */
  revokeUnusedRefreshToken(id: string, revokedAt: string): Promise<boolean>;
  revokeRefreshTokenFamily(familyId: string, revokedAt: string): Promise<void>;

  /** Throws when the store cannot serve requests. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
