import type { Task } from '@tasklane/shared/domain/task';

/** One completion the charts count: when, and of which list and priority. */
export type Completion = { at: number; listId: string; priority: Task['priority']; createdAt: number | null };

/**
 * [IN2] Every completion a task records: for a series the completions of its earlier occurrences, which advancing in
 * place would otherwise forget (`completions`), and its own `completedAt` when done (a series' last completion is in
 * both: counted once). Deleted tasks count nothing: the user took them back. Only a task's own completion knows how
 * long it took (from its creation); an occurrence's does not.
 */
export function completionsOf(task: Task): Completion[] {
  if (task._deleted) return [];
  const found: Completion[] = task.completions.map(({ at }) => ({
    at: Date.parse(at),
    listId: task.listId,
    priority: task.priority,
    createdAt: null,
  }));
  if (task.completedAt !== null && !task.completions.some(({ at }) => at === task.completedAt)) {
    found.push({ at: Date.parse(task.completedAt), listId: task.listId, priority: task.priority, createdAt: Date.parse(task.createdAt) });
  }
  return found;
}
