import { REMINDER_LIMITS, type Reminder } from './reminder';
import { reminderFireTimes } from './reminder-fires';
import type { Task } from './task';

/** [NT15] The reminder a Snooze sets (or moves): one per task, so snoozing again moves it rather than piling up. */
export const SNOOZE_REMINDER_ID = 'snooze';
export const SNOOZE_MS = 10 * 60_000;

type Snoozable = Pick<Task, 'status' | 'due' | '_deleted' | 'reminders' | 'occurrence' | 'recurrence'>;

/**
 * [NT24] Whether a Snooze of the notification for `occurrence` still means something: not on a completed task, nor on
 * another occurrence than the one that fired (null: a task that does not repeat). The server's action and the
 * device's queued action ask the same.
 */
export function snoozeApplies(task: Snoozable, occurrence: number | null): boolean {
  if (task.status === 'done') return false;
  return occurrence === null ? task.recurrence === null : task.occurrence === occurrence;
}

/**
 * [NT24] The reminders after a Snooze at `snoozedAtMs`: the `snooze` reminder moved (or set) 10 minutes ahead; when
 * there is none and the task holds as many reminders as one edit may set, it takes the place of the one that fires
 * (or fired) first, so a Snooze never takes a task past the bound.
 */
export function snoozedReminders(task: Snoozable, snoozedAtMs: number): Reminder[] {
  const at = new Date(snoozedAtMs + SNOOZE_MS).toISOString();
  let kept = task.reminders.filter((reminder) => reminder.id !== SNOOZE_REMINDER_ID);
  if (kept.length >= REMINDER_LIMITS.maxToSet) {
    const oldest = reminderFireTimes(task)[0]?.reminderId ?? kept[0]!.id;
    kept = kept.filter((reminder) => reminder.id !== oldest);
  }
  return [...kept, { id: SNOOZE_REMINDER_ID, at }];
}
