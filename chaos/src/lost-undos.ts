import type { Task } from '@tasklane/shared/domain/task';
import { isTaskAttempt, type PushAttempt } from './ack-ledger';

/**
 * [LE1] in the harness: a device pushed an edit (a new title, an added tag), the server wrote it, the
 * acknowledgement was dropped, and the user undid the edit at once. The undo must survive.
 */
export type UndoExpectation = {
  userId: string;
  device: string;
  taskId: string;
  /** The title the undo restored. */
  title: string;
  /** The tag the lost push added and the undo removed. */
  removedTag: string;
  /** `updatedAt` of the undo on the device. */
  updatedAt: string;
  /** When the push whose acknowledgement was dropped left the device. */
  lostPushEmittedAt: number;
};

/**
 * Every undo is in the final store, unless a later write may have replaced it: a row of another
 * device that may have landed after the lost push left (the journal matches the device's own write
 * only), or a later edit of the undoing device itself (a later `updatedAt`). Returns one line per loss.
 */
export function findLostUndos(
  undos: readonly UndoExpectation[],
  attempts: readonly PushAttempt[],
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
): string[] {
  const lost: string[] = [];
  for (const undo of undos) {
    const superseded = attempts.some(
      (attempt) =>
        isTaskAttempt(attempt) &&
        attempt.userId === undo.userId &&
        attempt.doc.id === undo.taskId &&
        attempt.outcome !== 'conflict' &&
        (attempt.device === undo.device
          ? Date.parse(attempt.doc.updatedAt) > Date.parse(undo.updatedAt)
          : (attempt.answeredAt ?? Infinity) > undo.lostPushEmittedAt),
    );
    if (superseded) continue;
    const final = finalByUser.get(undo.userId)?.get(undo.taskId);
    const where = `${undo.userId}/${undo.taskId}`;
    if (!final) lost.push(`${where}: undone by ${undo.device} but missing from the store`);
    else if (final.title !== undo.title)
      lost.push(
        `${where}.title: the undo to ${JSON.stringify(undo.title)} by ${undo.device} is gone (store has ${JSON.stringify(final.title)})`,
      );
    else if (final.tags.includes(undo.removedTag))
      lost.push(`${where}.tags: the removal of ${JSON.stringify(undo.removedTag)} by ${undo.device} is gone`);
  }
  return lost;
}
