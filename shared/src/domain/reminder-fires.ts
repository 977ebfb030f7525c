import { isTimedDue } from './due';
import { beforeInstant, isAtReminder, type Reminder } from './reminder';
import { compareStrings } from './string-order';
import type { Task } from './task';

/** One moment a reminder fires: the reminder's id and a canonical ISO instant. */
export type ReminderFire = { reminderId: string; fireAt: string };

/** What `reminderFireTimes` reads of a task (so the notifier may pass a stored row or a full task). */
export type ReminderSource = Pick<Task, 'status' | 'due' | '_deleted'> & { reminders: readonly Reminder[] };

/**
 * [RM3] When a task's reminders fire: an `at` reminder at its instant; a `before` reminder that span before a timed
 * due (`PT0M`: at the due). A `before` reminder on a task without a due, or with a date-only due, is inactive and
 * fires nothing; a done or deleted task fires nothing. Sorted by `fireAt`, then `reminderId`. Fires in the past are
 * included (whoever delivers decides what is too late). Pure and zod-free.
 */
export function reminderFireTimes<T extends ReminderSource>(task: T): ReminderFire[] {
  if (task._deleted || task.status === 'done') return [];
  const fires: ReminderFire[] = [];
  for (const reminder of task.reminders) {
    if (isAtReminder(reminder)) fires.push({ reminderId: reminder.id, fireAt: new Date(reminder.at).toISOString() });
    else if (task.due && isTimedDue(task.due)) fires.push({ reminderId: reminder.id, fireAt: beforeInstant(task.due.at, reminder.before) });
  }
  return fires.sort((a, b) => compareStrings(a.fireAt, b.fireAt) || compareStrings(a.reminderId, b.reminderId));
}

/** [RM3] True when a reminder fires at all on this task (the row's bell; the editor says "needs a due time" otherwise). */
export function isReminderActive(task: Pick<Task, 'due'>, reminder: Reminder): boolean {
  return isAtReminder(reminder) || (task.due !== null && isTimedDue(task.due));
}

/** [RM3] The earliest fire, or `null`: what a schedule indexes as the task's next fire time once past fires are dropped. */
export function nextReminderFire(task: ReminderSource, notBefore: string): ReminderFire | null {
  return reminderFireTimes(task).find((fire) => fire.fireAt >= notBefore) ?? null;
}
