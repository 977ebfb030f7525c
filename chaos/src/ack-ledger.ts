import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { UndoExpectation } from './lost-undos';
import type { CompletionRecord } from './recurring-completions';

type AttemptState = {
  userId: string;
  device: string;
  emittedAt: number;
  /** `refused`: the server turned the row down ([RJ1]: a permission, a cap), so it was never written. */
  outcome: 'in-flight' | 'acknowledged' | 'conflict' | 'refused' | 'unknown';
  answeredAt: number | null;
};
export type TaskPushAttempt = AttemptState & { collection: 'tasks'; doc: Task };
export type ListPushAttempt = AttemptState & { collection: 'lists'; doc: TaskList };

/**
 * Every push row any device sent, with its collection ([CL1]), and what became of it. A row is
 * acknowledged when the push carrying it succeeded and the row was not sent
 * back as a conflict (so the server holds exactly that content). A row whose
 * push failed or never answered may or may not have been written.
 */
export type PushAttempt = TaskPushAttempt | ListPushAttempt;

export const isTaskAttempt = (attempt: PushAttempt): attempt is TaskPushAttempt => attempt.collection === 'tasks';

export type AckLedger = {
  attempts: PushAttempt[];
  /** Undos made right after a dropped acknowledgement ([LE1]); checked by `findLostUndos`. */
  undos: UndoExpectation[];
  /** Every completion of a recurring task's occurrence on any device; checked by `findRecurringViolations` ([MV5]). */
  completions: CompletionRecord[];
  emitted(userId: string, device: string, docs: Task[]): TaskPushAttempt[];
  emittedLists(userId: string, device: string, docs: TaskList[]): ListPushAttempt[];
  answered(attempts: PushAttempt[], conflictIds: ReadonlySet<string>, refusedIds?: ReadonlySet<string>): void;
  failed(attempts: PushAttempt[]): void;
  acknowledgedCount(): number;
};

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const ledgerNow = () => performance.timeOrigin + performance.now();

export function createAckLedger(now: () => number = ledgerNow): AckLedger {
  const attempts: PushAttempt[] = [];
  const state = (userId: string, device: string): AttemptState => ({
    userId,
    device,
    emittedAt: now(),
    outcome: 'in-flight',
    answeredAt: null,
  });
  return {
    attempts,
    undos: [],
    completions: [],
    emitted(userId, device, docs) {
      const base = state(userId, device);
      const created = docs.map((doc): TaskPushAttempt => ({ ...base, collection: 'tasks', doc }));
      attempts.push(...created);
      return created;
    },
    emittedLists(userId, device, docs) {
      const base = state(userId, device);
      const created = docs.map((doc): ListPushAttempt => ({ ...base, collection: 'lists', doc }));
      attempts.push(...created);
      return created;
    },
    answered(batch, conflictIds, refusedIds = new Set()) {
      const answeredAt = now();
      for (const attempt of batch) {
        attempt.outcome = conflictIds.has(attempt.doc.id) ? 'conflict' : refusedIds.has(attempt.doc.id) ? 'refused' : 'acknowledged';
        attempt.answeredAt = answeredAt;
      }
    },
    failed(batch) {
      for (const attempt of batch) attempt.outcome = 'unknown';
    },
    acknowledgedCount: () => attempts.filter((attempt) => attempt.outcome === 'acknowledged').length,
  };
}
