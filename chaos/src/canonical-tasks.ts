import { TASK_KEYS, type Task } from '@tasklane/shared/domain/task';
import { TASK_LIST_KEYS, type TaskList } from '@tasklane/shared/domain/task-list';

/**
 * The fields a user sees and edits, data model v2 (docs/data-model-v2.md §2): every field of the document but `id`
 * and `seq`. The lost-write check and the convergence check work on these.
 */
export const CONTENT_FIELDS = TASK_KEYS.filter(
  (key): key is Exclude<(typeof TASK_KEYS)[number], 'id' | 'seq'> => key !== 'id' && key !== 'seq',
);
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** The same for a list ([DM18]): every field but `id` and `seq`. */
export const LIST_CONTENT_FIELDS = TASK_LIST_KEYS.filter(
  (key): key is Exclude<(typeof TASK_LIST_KEYS)[number], 'id' | 'seq'> => key !== 'id' && key !== 'seq',
);

/**
 * What two replicas must agree on: every content field and the server's
 * revision `seq` (a device holding the right content under an older `seq`
 * would make its next edit a needless conflict — docs/protocol.md [D2]).
 * Tombstones count: a delete is a write like any other, so a replica that
 * still shows a deleted task, or lacks the tombstone of one, differs.
 */
export function canonicalTask(task: Task): Record<string, unknown> {
  const canonical: Record<string, unknown> = { id: task.id, seq: task.seq ?? null };
  for (const field of CONTENT_FIELDS) canonical[field] = field === '_deleted' ? Boolean(task._deleted) : task[field];
  return Object.fromEntries(Object.entries(canonical).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sorted keys, documents sorted by id: equal strings mean equal task sets. */
export function canonicalJson(tasks: readonly Task[]): string {
  return JSON.stringify([...tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(canonicalTask));
}

export function sameFieldValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lists as replicas must agree on them: every field, `seq` and tombstones included, keys and documents sorted. */
export function canonicalListsJson(lists: readonly TaskList[]): string {
  const sortedKeys = (list: TaskList) =>
    Object.fromEntries(
      Object.entries({ ...list, seq: list.seq ?? null, _deleted: Boolean(list._deleted) }).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  return JSON.stringify([...lists].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(sortedKeys));
}

/** Ids whose canonical form differs between two replicas (missing on one side included). */
export function differingIds(left: readonly Task[], right: readonly Task[]): string[] {
  const byId = (tasks: readonly Task[]) => new Map(tasks.map((task) => [task.id, JSON.stringify(canonicalTask(task))]));
  const [a, b] = [byId(left), byId(right)];
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id)).sort();
}
