import { isRemoved } from '@tasklane/shared/domain/checklist';
import type { Task } from '@tasklane/shared/domain/task';
import { isTaskAttempt, type PushAttempt, type TaskPushAttempt } from './ack-ledger';

/**
 * A recurring task completed on a device (docs/data-model-v2.md [DM10]): its occurrence counter went from `from` to
 * `to` on that device. `confirmed` once the write is in the device's storage; a completion cut short by a crash may
 * or may not have been written.
 */
export type CompletionRecord = { userId: string; device: string; taskId: string; from: number; to: number; confirmed: boolean };

export type CompletionStats = {
  /** Distinct occurrences completed (task and occurrence number), over every device. */
  occurrences: number;
  /** Of those, how many were completed on more than one device before it heard of the other's completion. */
  onSeveralDevices: number;
};

export function completionStats(completions: readonly CompletionRecord[]): CompletionStats {
  const devicesByOccurrence = new Map<string, Set<string>>();
  for (const completion of completions) {
    if (completion.from < 0) continue; // unconfirmed, reached through a merge: not an occurrence of its own
    const key = `${completion.userId}/${completion.taskId}#${completion.from}`;
    devicesByOccurrence.set(key, (devicesByOccurrence.get(key) ?? new Set()).add(completion.device));
  }
  const counts = [...devicesByOccurrence.values()].map((devices) => devices.size);
  return { occurrences: counts.length, onSeveralDevices: counts.filter((count) => count > 1).length };
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * [MV5] The joins of data model v2 after healing. Counters change only by completions and merge as a maximum, so
 * a task's final counter must be exactly where some completion took it (or 0 without any): the same occurrence
 * completed on several devices while they were apart advances it once, not once per device. It is never below a
 * confirmed completion (none is lost) nor below a counter any device pushed (no write lowers it, [DM12]); and a
 * checklist item that any pushed row carried as removed stays removed ([DM15]). Returns one line per violation.
 */
export function findRecurringViolations(
  completions: readonly CompletionRecord[],
  attempts: readonly PushAttempt[],
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
): string[] {
  const violations: string[] = [];
  const completionsByTask = group(completions, (completion) => `${completion.userId}/${completion.taskId}`);
  const attemptsByTask = group(attempts.filter(isTaskAttempt), (attempt) => `${attempt.userId}/${attempt.doc.id}`);
  for (const [userId, tasks] of finalByUser) {
    for (const final of tasks.values()) {
      const key = `${userId}/${final.id}`;
      const done = completionsByTask.get(key) ?? [];
      const reached = new Set([0, ...done.map((completion) => completion.to)]);
      if (!reached.has(final.occurrence))
        violations.push(
          `${key}: counter ${final.occurrence} is where no completion took it (completions ${done.map((c) => `${c.device} ${c.from}→${c.to}`).join(', ') || 'none'})`,
        );
      const confirmed = Math.max(0, ...done.filter((completion) => completion.confirmed).map((completion) => completion.to));
      if (final.occurrence < confirmed) violations.push(`${key}: counter ${final.occurrence} lost a completion that reached ${confirmed}`);
      const rows = attemptsByTask.get(key) ?? [];
      const pushed = rows.reduce<TaskPushAttempt | null>((top, row) => (top && top.doc.occurrence >= row.doc.occurrence ? top : row), null);
      if (pushed && final.occurrence < pushed.doc.occurrence)
        violations.push(`${key}: counter ${final.occurrence} is below the ${pushed.doc.occurrence} that ${pushed.device} pushed`);
      const live = new Set(final.checklist.filter((entry) => !isRemoved(entry)).map((entry) => entry.id));
      const present = new Set(final.checklist.map((entry) => entry.id));
      const comeBack = new Set<string>();
      for (const row of rows)
        for (const entry of row.doc.checklist)
          if (isRemoved(entry) && (live.has(entry.id) || !present.has(entry.id))) comeBack.add(entry.id);
      for (const id of comeBack) violations.push(`${key}: checklist item ${id} was removed on a device but is not removed in the store`);
    }
  }
  return violations;
}
