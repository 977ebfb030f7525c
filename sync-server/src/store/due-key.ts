import { canonicalDue, isTimedDue, type Due } from '@tasklane/shared/domain/due';
import type { Task } from '@tasklane/shared/domain/task';
import { dueFromVersion1, isTaskV2, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';

/**
 * [LS6] The sort key of a due, which stores keep next to each task for the due listings of [DM23]: a date-only
 * due's date (`YYYY-MM-DD`), a timed due's canonical instant (`2026-05-01T07:00:00.000Z`), null without a due.
 * Both sort as text in time order, and a date sorts before every instant of its own day (a prefix sorts first).
 */
export function dueSortKey(due: Due | null): string | null {
  if (due === null) return null;
  const canonical = canonicalDue(due);
  return isTimedDue(canonical) ? canonical.at : canonical.date;
}

/**
 * The sort key of a stored task's due, version 1 included (its key is the date it upgrades to, [DM19]): a
 * previous release's instance may still write one during a rolling upgrade (docs/data-model-v2.md §9).
 */
export function taskDueKey(task: Omit<Task, 'seq'> | Omit<TaskV1, 'seq'>): string | null {
  return isTaskV2(task) ? dueSortKey(task.due) : dueSortKey(dueFromVersion1((task as TaskV1).dueAt ?? null));
}
