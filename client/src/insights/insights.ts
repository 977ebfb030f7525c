import { dateOfEpochDay, epochDayOfDate, isoWeekdayOf } from '@tasklane/shared/domain/calendar-date';
import { dayOf, localDateOf } from '@tasklane/shared/domain/due';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_PRIORITIES, type TaskPriority } from '@tasklane/shared/domain/task-fields';
import { completionsOf } from './completion-instants';

/** [IN1] How far back the charts look: 12 weeks. */
export const INSIGHT_WEEKS = 12;

export type DayCount = { date: string; count: number };
export type Insights = {
  /** Completions per day, oldest first, the last 84 days up to today. */
  perDay: DayCount[];
  /** Completions per week (Monday to Sunday), oldest first, the last 12 weeks; `date` is the Monday. */
  perWeek: DayCount[];
  /** Open tasks per list id, most first. */
  openByList: Array<{ listId: string; count: number }>;
  openByPriority: Array<{ priority: TaskPriority; count: number }>;
  /** At the end of each of the last 12 weeks (its Sunday, today for this week), how many tasks were overdue. */
  overdue: DayCount[];
  /** Median hours from creation to completion over the completions of the last 12 weeks; null with none. */
  medianHoursToComplete: number | null;
  /** Days in a row, up to today (or yesterday, while today has none yet), with at least one completion. */
  streak: number;
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whether `task` was overdue at the end of `epochDay`: due before it, created by then, not completed by then. */
function overdueAt(task: Task, epochDay: number, timeZone: string): boolean {
  if (task._deleted || task.due === null) return false;
  if (epochDayOfDate(dayOf(task.due, timeZone)) >= epochDay) return false;
  if (epochDayOfDate(localDateOf(Date.parse(task.createdAt), timeZone)) > epochDay) return false;
  if (task.completedAt === null) return task.status !== 'done';
  return epochDayOfDate(localDateOf(Date.parse(task.completedAt), timeZone)) > epochDay;
}

/**
 * [IN1] The Insights screen's figures, computed from the tasks on the device (so offline too), in the user's zone.
 * Pure: the same tasks, clock and zone give the same figures.
 */
export function computeInsights(tasks: readonly Task[], now: Date, timeZone: string): Insights {
  const today = epochDayOfDate(localDateOf(now.getTime(), timeZone));
  const firstDay = today - INSIGHT_WEEKS * 7 + 1;
  const thisMonday = today - (isoWeekdayOf(today) - 1);
  const firstMonday = thisMonday - (INSIGHT_WEEKS - 1) * 7;

  const perDay = new Map<number, number>();
  const hoursToComplete: number[] = [];
  const completionDays = new Set<number>();
  for (const task of tasks) {
    for (const completion of completionsOf(task)) {
      const day = epochDayOfDate(localDateOf(completion.at, timeZone));
      completionDays.add(day);
      if (day < Math.min(firstDay, firstMonday) || day > today) continue;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (completion.createdAt !== null && day >= firstDay)
        hoursToComplete.push(Math.max(0, completion.at - completion.createdAt) / 3_600_000);
    }
  }

  const open = tasks.filter((task) => !task._deleted && task.status !== 'done');
  const byList = new Map<string, number>();
  for (const task of open) byList.set(task.listId, (byList.get(task.listId) ?? 0) + 1);

  let streak = 0;
  for (let day = completionDays.has(today) ? today : today - 1; completionDays.has(day); day -= 1) streak += 1;

  const weeks = Array.from({ length: INSIGHT_WEEKS }, (_, index) => firstMonday + index * 7);
  return {
    perDay: Array.from({ length: INSIGHT_WEEKS * 7 }, (_, index) => firstDay + index).map((day) => ({
      date: dateOfEpochDay(day),
      count: perDay.get(day) ?? 0,
    })),
    perWeek: weeks.map((monday) => ({
      date: dateOfEpochDay(monday),
      count: Array.from({ length: 7 }, (_, offset) => perDay.get(monday + offset) ?? 0).reduce((sum, count) => sum + count, 0),
    })),
    openByList: [...byList]
      .map(([listId, count]) => ({ listId, count }))
      .sort((a, b) => b.count - a.count || a.listId.localeCompare(b.listId)),
    openByPriority: [...TASK_PRIORITIES]
      .reverse()
      .map((priority) => ({ priority, count: open.filter((task) => task.priority === priority).length })),
    overdue: weeks.map((monday) => {
      const end = Math.min(monday + 6, today);
      return { date: dateOfEpochDay(end), count: tasks.filter((task) => overdueAt(task, end, timeZone)).length };
    }),
    medianHoursToComplete: median(hoursToComplete),
    streak,
  };
}
