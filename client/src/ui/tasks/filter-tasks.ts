import type { Task } from '@tasklane/shared/domain/task';
import type { TaskStatus } from '@tasklane/shared/domain/task-fields';

export type StatusFilter = 'all' | TaskStatus;
export type SortOrder = 'due' | 'priority' | 'created';
export type ListQuery = { status: StatusFilter; sort: SortOrder; search: string };

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Code-point order: ISO timestamps and ids compare correctly, and ten times faster than `localeCompare`. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first, ties by id (descending): the live list's order (`live-task-list.ts`), so sorting it costs one pass. */
export function byCreatedNewest(a: Task, b: Task): number {
  return compare(b.createdAt, a.createdAt) || compare(b.id, a.id);
}

const COMPARATORS: Record<SortOrder, (a: Task, b: Task) => number> = {
  // soonest first; tasks without a due date last
  due: (a, b) => {
    if (a.dueAt === b.dueAt) return byCreatedNewest(a, b);
    if (a.dueAt === null) return 1;
    if (b.dueAt === null) return -1;
    return Date.parse(a.dueAt) - Date.parse(b.dueAt) || byCreatedNewest(a, b);
  },
  priority: (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byCreatedNewest(a, b),
  created: byCreatedNewest,
};

/** Local, instant: status filter, then search over title and description, then the chosen order. */
export function filterTasks(tasks: readonly Task[], query: ListQuery): Task[] {
  const words = query.search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return tasks
    .filter((task) => query.status === 'all' || task.status === query.status)
    .filter((task) => {
      if (words.length === 0) return true;
      const text = `${task.title}\n${task.description}`.toLocaleLowerCase();
      return words.every((word) => text.includes(word));
    })
    .sort(COMPARATORS[query.sort]);
}
