import { epochDayOfDate, isoWeekdayOf } from '@tasklane/shared/domain/calendar-date';
import { daysFromToday, isOverdue, localDateOf } from '@tasklane/shared/domain/due';
import type { Task } from '@tasklane/shared/domain/task';
import { completionsOf } from '../insights/completion-instants';

export type RankedTask = { task: Task; score: number; reason: string };

const WEEKDAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const DAY_MS = 86_400_000;
/** A list counts as "usually done on" a weekday when at least this many of its completions are known… */
const MIN_PATTERN_COMPLETIONS = 5;
/** …and at least this share of them fell on that weekday (uniform would be 1/7). */
const PATTERN_SHARE = 0.4;

type Part = { points: number; reason: string };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Per list, the share of its completed tasks that were completed on each ISO weekday (index 0 = Monday). */
function completionWeekdays(tasks: readonly Task[], timeZone: string): Map<string, { total: number; byWeekday: number[] }> {
  const byList = new Map<string, { total: number; byWeekday: number[] }>();
  for (const task of tasks) {
    // [IN2] a series' earlier completions count as well as a task's own
    for (const completion of completionsOf(task)) {
      const weekday = isoWeekdayOf(epochDayOfDate(localDateOf(completion.at, timeZone)));
      const entry = byList.get(task.listId) ?? { total: 0, byWeekday: [0, 0, 0, 0, 0, 0, 0] };
      entry.total += 1;
      entry.byWeekday[weekday - 1]! += 1;
      byList.set(task.listId, entry);
    }
  }
  return byList;
}

function duePart(task: Task, now: Date, timeZone: string): Part | null {
  if (task.due === null) return null;
  const days = daysFromToday(task.due, now, timeZone);
  if (isOverdue(task.due, now, timeZone)) {
    const late = Math.max(0, -days);
    return { points: 100 + Math.min(late, 30) * 3, reason: late === 0 ? 'overdue' : `overdue ${plural(late, 'day')}` };
  }
  if (days === 0) return { points: 80, reason: 'due today' };
  if (days === 1) return { points: 45, reason: 'due tomorrow' };
  if (days < 7) return { points: 25 - days * 2, reason: `due in ${days} days` };
  return null;
}

const PRIORITY_POINTS = { high: 35, medium: 10, low: 0 } as const;

/**
 * [SG4] "What next": the open tasks ranked by their due (overdue first, then today, tomorrow, this week), their
 * priority, how long they have waited and the user's own habit of completing a list's tasks on today's weekday, each
 * with the reason that weighed most. Pure and local: the same tasks, clock and zone give the same order.
 */
export function rankWhatNext(
  tasks: readonly Task[],
  now: Date,
  timeZone: string,
  rankable: (task: Task) => boolean = () => true,
): RankedTask[] {
  const habits = completionWeekdays(tasks, timeZone);
  const today = isoWeekdayOf(epochDayOfDate(localDateOf(now.getTime(), timeZone)));
  const ranked: RankedTask[] = [];
  for (const task of tasks) {
    if (task._deleted || task.status === 'done' || !rankable(task)) continue;
    const parts: Part[] = [];
    const due = duePart(task, now, timeZone);
    if (due) parts.push(due);
    if (PRIORITY_POINTS[task.priority] > 0) parts.push({ points: PRIORITY_POINTS[task.priority], reason: `${task.priority} priority` });
    const waitedDays = Math.floor((now.getTime() - Date.parse(task.createdAt)) / DAY_MS);
    if (waitedDays >= 3) parts.push({ points: Math.min(20, waitedDays / 2), reason: `waiting ${plural(waitedDays, 'day')}` });
    const habit = habits.get(task.listId);
    if (habit && habit.total >= MIN_PATTERN_COMPLETIONS && habit.byWeekday[today - 1]! / habit.total >= PATTERN_SHARE) {
      parts.push({ points: 30, reason: `usually done on ${WEEKDAYS[today - 1]}` });
    }
    const score = parts.reduce((sum, part) => sum + part.points, 0);
    const strongest = parts.reduce<Part | null>((best, part) => (best === null || part.points > best.points ? part : best), null);
    ranked.push({ task, score, reason: strongest?.reason ?? 'no due, no rush' });
  }
  return ranked.sort((a, b) => b.score - a.score || a.task.createdAt.localeCompare(b.task.createdAt) || a.task.id.localeCompare(b.task.id));
}
