import { rankWhatNext, type RankedTask } from '../../suggestions/what-next';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { byCreatedNewest } from '../tasks/filter-tasks';
import { dateOfEpochDay, epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { dayOf, isOverdue, localDateOf } from '@tasklane/shared/domain/due';
import { dueSortKey } from './local-day';
import { INBOX } from './route';

/** Days Upcoming covers: today and the six after it. */
export const UPCOMING_DAYS = 7;

/** The lists a device holds, by id: which exist (archived ones included) and which are archived. */
export type ListIndex = { held: ReadonlySet<string>; archived: ReadonlySet<string> };

export function listIndexOf(lists: readonly TaskList[]): ListIndex {
  const live = lists.filter((list) => !list._deleted);
  return { held: new Set(live.map((list) => list.id)), archived: new Set(live.filter((list) => list.archived).map((list) => list.id)) };
}

/** [NV3] A task whose list this device does not hold, or holds deleted, shows in the Inbox (data-model-v2.md §2). */
export function homeListOf(task: Task, index: ListIndex): string {
  return index.held.has(task.listId) ? task.listId : INBOX;
}

export const isOpen = (task: Task) => task.status !== 'done';

/** Smart views leave out archived lists: archiving a list puts it out of the way. */
function inSmartViews(task: Task, index: ListIndex): boolean {
  return isOpen(task) && task.due !== null && !index.archived.has(homeListOf(task, index));
}

/** By the due's day where the user is; within a day, date-only tasks (newest first) before timed ones (by time). */
function sortByDue(tasks: Task[], timeZone: string): Task[] {
  const keyed = tasks.map((task) => ({
    task,
    key: `${dayOf(task.due!, timeZone)} ${task.due && 'at' in task.due ? `1 ${dueSortKey(task.due)}` : '0'}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : byCreatedNewest(a.task, b.task)));
  return keyed.map(({ task }) => task);
}

export function tasksOfList(tasks: readonly Task[], listId: string, index: ListIndex): Task[] {
  return tasks.filter((task) => homeListOf(task, index) === listId);
}

/** [NV4] Today: open tasks due today where the user is now, and overdue ones (marked apart), soonest first. */
export function todayView(tasks: readonly Task[], index: ListIndex, nowMs: number, timeZone: string): { overdue: Task[]; today: Task[] } {
  const today = localDateOf(nowMs, timeZone);
  const view = { overdue: [] as Task[], today: [] as Task[] };
  for (const task of tasks) {
    if (!inSmartViews(task, index)) continue;
    if (isOverdue(task.due!, new Date(nowMs), timeZone)) view.overdue.push(task);
    else if (dayOf(task.due!, timeZone) === today) view.today.push(task);
  }
  return { overdue: sortByDue(view.overdue, timeZone), today: sortByDue(view.today, timeZone) };
}

/** [NV4] Upcoming: open tasks due today and in the six days after, by day (days without tasks left out), soonest first. */
export function upcomingView(tasks: readonly Task[], index: ListIndex, nowMs: number, timeZone: string): { date: string; tasks: Task[] }[] {
  const first = epochDayOfDate(localDateOf(nowMs, timeZone));
  const days: Task[][] = Array.from({ length: UPCOMING_DAYS }, () => []);
  for (const task of tasks) {
    if (!inSmartViews(task, index)) continue;
    const offset = epochDayOfDate(dayOf(task.due!, timeZone)) - first;
    if (offset >= 0 && offset < UPCOMING_DAYS) days[offset]!.push(task);
  }
  return days.flatMap((dayTasks, offset) =>
    dayTasks.length === 0 ? [] : [{ date: dateOfEpochDay(first + offset), tasks: sortByDue(dayTasks, timeZone) }],
  );
}

/** [SC7] Assigned to me: the user's open tasks assigned to them in any list (archived ones left out, as in Today), newest first. */
export function assignedView(tasks: readonly Task[], index: ListIndex, userId: string | undefined): Task[] {
  return tasks.filter((task) => isAssigned(task, index, userId));
}

const isAssigned = (task: Task, index: ListIndex, userId: string | undefined) =>
  userId !== undefined && task.assignee === userId && isOpen(task) && !index.archived.has(homeListOf(task, index));

/** [SG4] At most this many tasks in What next: the ones to pick from, not the whole backlog. */
export const WHAT_NEXT_MAX = 20;

/** [SG4] What next: the open tasks, due or not, of lists not archived, ranked with their reasons (the user's completions teach the habits). */
export function whatNextView(tasks: readonly Task[], index: ListIndex, nowMs: number, timeZone: string): RankedTask[] {
  return rankWhatNext(tasks, new Date(nowMs), timeZone, (task) => !index.archived.has(homeListOf(task, index))).slice(0, WHAT_NEXT_MAX);
}

export type NavCounts = { today: number; upcoming: number; assigned: number; lists: ReadonlyMap<string, number> };

/** [NV2] Open tasks per list, in Today, in Upcoming and ([SC7]) assigned to the user: one pass over the tasks. */
export function navCounts(tasks: readonly Task[], index: ListIndex, nowMs: number, timeZone: string, userId?: string): NavCounts {
  const today = localDateOf(nowMs, timeZone);
  const first = epochDayOfDate(today);
  const lists = new Map<string, number>();
  let dueToday = 0;
  let upcoming = 0;
  let assigned = 0;
  for (const task of tasks) {
    if (!isOpen(task)) continue;
    if (isAssigned(task, index, userId)) assigned += 1;
    const home = homeListOf(task, index);
    lists.set(home, (lists.get(home) ?? 0) + 1);
    if (!inSmartViews(task, index)) continue;
    const day = dayOf(task.due!, timeZone);
    if (day === today || isOverdue(task.due!, new Date(nowMs), timeZone)) dueToday += 1;
    const offset = epochDayOfDate(day) - first;
    if (offset >= 0 && offset < UPCOMING_DAYS) upcoming += 1;
  }
  return { today: dueToday, upcoming, assigned, lists };
}
