import type { Task } from '@tasklane/shared/domain/task';
import type { TaskStatus } from '@tasklane/shared/domain/task-fields';
import { compareStrings } from '@tasklane/shared/domain/string-order';

export type StatusFilter = 'all' | TaskStatus;
export type SortOrder = 'manual' | 'due' | 'priority' | 'created';
/** `tag`: only tasks with this tag (a clicked chip); null: any. */
export type ListQuery = { status: StatusFilter; sort: SortOrder; search: string; tag: string | null };

export const DEFAULT_QUERY: ListQuery = { status: 'all', sort: 'manual', search: '', tag: null };

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Newest first, ties by id (descending): the live list's order (`live-task-list.ts`), so sorting it costs one pass. */
export function byCreatedNewest(a: Task, b: Task): number {
  return compareStrings(b.createdAt, a.createdAt) || compareStrings(b.id, a.id);
}

/** A date-only due sorts before the timed dues of its day (docs/data-model-v2.md [DM23]'s sort key). */
const dueKey = (task: Task) => (task.due === null ? null : 'at' in task.due ? task.due.at : task.due.date);

const COMPARATORS: Record<SortOrder, (a: Task, b: Task) => number> = {
  // [DM17]: by order key, then id; tasks never placed by hand after the placed ones, newest first
  manual: (a, b) => {
    if (a.order === null || b.order === null) return a.order === b.order ? byCreatedNewest(a, b) : a.order === null ? 1 : -1;
    return compareStrings(a.order, b.order) || compareStrings(a.id, b.id);
  },
  // soonest first; tasks without a due date last
  due: (a, b) => {
    const ka = dueKey(a);
    const kb = dueKey(b);
    if (ka === kb) return byCreatedNewest(a, b);
    if (ka === null) return 1;
    if (kb === null) return -1;
    return compareStrings(ka, kb) || byCreatedNewest(a, b);
  },
  priority: (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byCreatedNewest(a, b),
  created: byCreatedNewest,
};

const doneLast = (a: Task, b: Task) => Number(a.status === 'done') - Number(b.status === 'done');

/** The words a search looks for in a task: its title, description and tags (with or without their `#`). */
function searchableText(task: Task): string {
  return `${task.title}\n${task.description}\n${task.tags.map((tag) => `#${tag}`).join(' ')}`.toLocaleLowerCase();
}

const matchesEvery = (text: string, words: readonly string[]) => words.every((word) => text.includes(word));

/**
 * Local, instant: status filter, tag filter, then search over title, description and tags ([NV5]), then the chosen
 * order with open tasks before done ones. `keepOrder` keeps the given order instead (Today and Upcoming: by due).
 */
export function filterTasks(tasks: readonly Task[], query: ListQuery, options: { keepOrder?: boolean } = {}): Task[] {
  const words = query.search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const tag = query.tag?.toLocaleLowerCase() ?? null;
  const found = tasks.filter(
    (task) =>
      (query.status === 'all' || task.status === query.status) &&
      (tag === null || task.tags.some((t) => t.toLocaleLowerCase() === tag)) &&
      (words.length === 0 || matchesEvery(searchableText(task), words)),
  );
  if (options.keepOrder) return found;
  const order = COMPARATORS[query.sort];
  return found.sort((a, b) => doneLast(a, b) || order(a, b));
}

/** The tags of these tasks, most used first, then alphabetically: the chips above the list. */
export function tagsOf(tasks: readonly Task[]): string[] {
  const counts = new Map<string, number>();
  for (const task of tasks) for (const tag of task.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}
