import type { Task } from '@tasklane/shared/domain/task';
import type { UndoExpectation } from './lost-undos';

/**
 * Every push row any device sent, and what became of it. A row is
 * acknowledged when the push carrying it succeeded and the row was not sent
 * back as a conflict (so the server holds exactly that content). A row whose
 * push failed or never answered may or may not have been written.
 */
export type PushAttempt = {
  userId: string;
  device: string;
  doc: Task;
  emittedAt: number;
  outcome: 'in-flight' | 'acknowledged' | 'conflict' | 'unknown';
  answeredAt: number | null;
};

export type AckLedger = {
  attempts: PushAttempt[];
  /** Undos made right after a dropped acknowledgement ([LE1]); checked by `findLostUndos`. */
  undos: UndoExpectation[];
  emitted(userId: string, device: string, docs: Task[]): PushAttempt[];
  answered(attempts: PushAttempt[], conflictIds: ReadonlySet<string>): void;
  failed(attempts: PushAttempt[]): void;
  acknowledgedCount(): number;
};

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const ledgerNow = () => performance.timeOrigin + performance.now();

export function createAckLedger(now: () => number = ledgerNow): AckLedger {
  const attempts: PushAttempt[] = [];
  return {
    attempts,
    undos: [],
    emitted(userId, device, docs) {
      const emittedAt = now();
      const created = docs.map((doc): PushAttempt => ({ userId, device, doc, emittedAt, outcome: 'in-flight', answeredAt: null }));
      attempts.push(...created);
      return created;
    },
    answered(batch, conflictIds) {
      const answeredAt = now();
      for (const attempt of batch) {
        attempt.outcome = conflictIds.has(attempt.doc.id) ? 'conflict' : 'acknowledged';
        attempt.answeredAt = answeredAt;
      }
    },
    failed(batch) {
      for (const attempt of batch) attempt.outcome = 'unknown';
    },
    acknowledgedCount: () => attempts.filter((attempt) => attempt.outcome === 'acknowledged').length,
  };
}
