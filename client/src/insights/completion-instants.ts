import type { Task } from '@tasklane/shared/domain/task';

/** One completion the charts count: when, and of which list and priority. */
export type Completion = { at: number; listId: string; priority: Task['priority']; createdAt: number | null };

/**
 * [IN2] Every completion a task records: its own `completedAt` when done, and for a series the completions of its
 * earlier occurrences, which advancing in place would otherwise forget (`completions`). Deleted tasks count nothing:
 * the user took them back.
 */
export function completionsOf(task: Task): Completion[] {
  if (task._deleted) return [];
  const created = Date.parse(task.createdAt);
  const earlier = (task as Task & { completions?: readonly string[] }).completions ?? [];
  const found: Completion[] = earlier.map((at) => ({ at: Date.parse(at), listId: task.listId, priority: task.priority, createdAt: null }));
  if (task.completedAt !== null)
    found.push({ at: Date.parse(task.completedAt), listId: task.listId, priority: task.priority, createdAt: created });
  return found;
}
