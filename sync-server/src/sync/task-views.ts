import { z } from 'zod';
import { dateOfEpochDay, epochDayOfDate, type CalendarDate } from '@tasklane/shared/domain/calendar-date';
import { calendarDateSchema } from '@tasklane/shared/domain/calendar-date-schema';
import { daysFromToday, isDueToday, isOverdue, localDateOf } from '@tasklane/shared/domain/due';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { storedTaskSchema } from '@tasklane/shared/domain/task-schema';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { instantOfLocal } from '@tasklane/shared/domain/zoned-time';
import { dueSortKey } from '../store/due-key';
import { encodePageCursor } from '../store/page-cursor';
import type { Store, TaskListQuery } from '../store/store';

/** The smart views of `GET /api/tasks?view=…` ([DM23], [LR7]). */
export const TASK_VIEWS = ['today', 'upcoming'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

/** Upcoming covers today and the six days after it. */
export const UPCOMING_DAYS = 7;

/** `view=upcoming`: the page's tasks grouped by their day where the user is, days in order; a day may go on in the next page. */
export const upcomingPageSchema = z.strictObject({
  days: z.array(z.strictObject({ date: calendarDateSchema, tasks: z.array(storedTaskSchema) })),
  nextCursor: z.string().nullable(),
});
export type UpcomingPage = z.infer<typeof upcomingPageSchema>;

export type DueViewQuery = Pick<TaskListQuery, 'status' | 'listId' | 'assignee' | 'q' | 'limit' | 'cursor'> & {
  view: TaskView;
  timeZone: string;
};

/** The canonical instant at which local day `epochDay` begins in `timeZone`. */
function startOfDay(epochDay: number, timeZone: string): string {
  return new Date(instantOfLocal({ epochDay, msOfDay: 0 }, timeZone)).toISOString();
}

/**
 * The due sort key ([DM23]) before which every due of a local day before `epochDay` lies: dates and instants sort as
 * text together, so the bound is the later of the day's date and the instant it begins. What it lets through besides
 * (at most a day's worth) is filtered out with the rules of due.ts.
 */
function keyBefore(epochDay: number, timeZone: string): string {
  const date = dateOfEpochDay(epochDay);
  const instant = startOfDay(epochDay, timeZone);
  return date > instant ? date : instant;
}

/** The earliest due sort key a due of local day `epochDay` or later can have. */
function keyFrom(epochDay: number, timeZone: string): string {
  const date = dateOfEpochDay(epochDay);
  const instant = startOfDay(epochDay, timeZone);
  return date < instant ? date : instant;
}

/** [LR16] How much of the store one view request may read: pages of at least 200 rows, at most 2,000 rows in all. */
export const DUE_VIEW_SCAN = { readAtLeast: 200, maxExamined: 2000 } as const;

/** The first `max` tasks of `page` that belong; where it stopped, and whether rows of the page were left unread. */
function takeUpTo(page: StoredTask[], belongs: (task: StoredTask) => boolean, max: number) {
  const tasks: StoredTask[] = [];
  for (const [index, task] of page.entries()) {
    if (!belongs(task)) continue;
    tasks.push(task);
    if (tasks.length === max) return { tasks, stoppedAt: task, rest: index < page.length - 1 };
  }
  return { tasks, stoppedAt: null, rest: false };
}

/**
 * [DM23] [LR7] Today (due today or overdue) and Upcoming (due today or in the next six days, grouped by day), open tasks
 * only, in due order, computed where the user is (`timeZone`) with due.ts. The store's `dueBefore` bounds the scan to
 * tasks due before the view's last day ends; Upcoming starts its scan at today's first key, so overdue tasks are not
 * read. A page holds at most `limit` tasks; the store's cursor goes on where it stopped.
 */
export async function listDueView(store: Store, userId: string, query: DueViewQuery, now: Date): Promise<TaskListPage | UpcomingPage> {
  const today = epochDayOfDate(localDateOf(now.getTime(), query.timeZone));
  const upcoming = query.view === 'upcoming';
  const dueBefore = keyBefore(today + (upcoming ? UPCOMING_DAYS : 1), query.timeZone);
  const belongs = (task: StoredTask) => {
    if (task.due === null) return false;
    if (!upcoming) return isDueToday(task.due, now, query.timeZone) || isOverdue(task.due, now, query.timeZone);
    const days = daysFromToday(task.due, now, query.timeZone);
    return days >= 0 && days < UPCOMING_DAYS;
  };

  const { view: _view, timeZone: _timeZone, limit, cursor: first, ...filters } = query;
  // Upcoming skips the overdue: a position just before today's first key (every id sorts after '').
  let cursor: string | undefined =
    first ?? (upcoming ? encodePageCursor('due', { dueKey: keyFrom(today, query.timeZone), id: '' }) : undefined);
  const tasks: StoredTask[] = [];
  let nextCursor: string | null = null;
  let examined = 0;
  for (;;) {
    const page = await store.listTasks(userId, {
      ...filters,
      dueBefore,
      limit: Math.max(limit - tasks.length, DUE_VIEW_SCAN.readAtLeast),
      ...(cursor === undefined ? {} : { cursor }),
    });
    examined += page.tasks.length;
    const taken = takeUpTo(page.tasks, belongs, limit - tasks.length);
    tasks.push(...taken.tasks);
    if (tasks.length === limit && taken.stoppedAt !== null) {
      // The page was cut at the last task taken: the next page starts right after it.
      const last = taken.stoppedAt;
      nextCursor =
        taken.rest || page.nextCursor !== null ? encodePageCursor('due', { dueKey: dueSortKey(last.due) ?? '', id: last.id }) : null;
      break;
    }
    nextCursor = page.nextCursor;
    cursor = nextCursor ?? undefined;
    // [LR16] A bounded amount of work per request: past the cap the page is returned short (even empty) with its
    // cursor, and the caller follows it. Between reads the event loop serves other requests.
    if (nextCursor === null || examined >= DUE_VIEW_SCAN.maxExamined) break;
    await new Promise((resolve) => setImmediate(resolve));
  }

  if (!upcoming) return { tasks, nextCursor };
  // Due order is day order except around dates: a timed due late in the evening west of UTC sorts after the next
  // day's date-only dues, so the page is grouped by day rather than cut where the day changes.
  const byDay = new Map<CalendarDate, StoredTask[]>();
  for (const task of tasks) {
    const date = dateOfEpochDay(today + daysFromToday(task.due!, now, query.timeZone));
    byDay.set(date, [...(byDay.get(date) ?? []), task]);
  }
  const days = [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, dayTasks]) => ({ date, tasks: dayTasks }));
  return { days, nextCursor };
}
