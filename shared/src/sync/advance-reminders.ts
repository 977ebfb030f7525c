import { withCompletion, type Completion } from '../domain/completions';
import { epochDayOfDate } from '../domain/calendar-date';
import { isTimedDue, type Due } from '../domain/due';
import { isAtReminder, type Reminder } from '../domain/reminder';
import { recurringDue, type RecurringState } from '../domain/recurring-state';
import { completeOccurrence, stableText } from './advance-recurring';

const DAY_MS = 86_400_000;
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');
const FIRST_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000Z');

/**
 * [RM4] How far a due moved: the instant difference for timed dues; for date-only dues whole calendar days × 24 h
 * (an `at` reminder on a date-only recurring task keeps its UTC time of day, so across a DST change it shows an hour
 * off in local time — documented in docs/reminders.md).
 */
function dueShiftMs(from: Due, to: Due): number {
  if (isTimedDue(from) && isTimedDue(to)) return Date.parse(to.at) - Date.parse(from.at);
  if (!isTimedDue(from) && !isTimedDue(to)) return (epochDayOfDate(to.date) - epochDayOfDate(from.date)) * DAY_MS;
  return 0;
}

/** The shift from one recurring state's due to a later one of the same running series; 0 when it is not such a move. */
export function occurrenceShiftMs(from: RecurringState, to: RecurringState): number {
  if (!from.recurrence || !to.recurrence || from.occurrence >= to.occurrence) return 0;
  if (from.recurrenceEditedAt !== to.recurrenceEditedAt || stableText(from.recurrence) !== stableText(to.recurrence)) return 0;
  const before = recurringDue(from);
  const after = recurringDue(to);
  if (!before || !after || before.ended || after.ended) return 0;
  return dueShiftMs(before.due, after.due);
}

/**
 * [RM4] A task's reminders once its series advanced from `from` to `to` (a completion, or a merge that took the other
 * side's completions): `before` reminders follow the due by themselves; `at` reminders move by as much as the due
 * moved. Nothing moves when `to` is not a later occurrence of the same running series (a new series, an ended one).
 */
export function remindersFollowingOccurrence(reminders: readonly Reminder[], from: RecurringState, to: RecurringState): Reminder[] {
  const shift = occurrenceShiftMs(from, to);
  if (shift === 0) return [...reminders];
  return reminders.map((reminder) => {
    if (!isAtReminder(reminder)) return reminder;
    const moved = Math.min(LAST_INSTANT_MS, Math.max(FIRST_INSTANT_MS, Date.parse(reminder.at) + shift));
    return { id: reminder.id, at: new Date(moved).toISOString() };
  });
}

/**
 * [DM10] [RM4] [IN2] Completes a recurring task's occurrence at `at` as `completeOccurrence` does, its `at` reminders
 * moving along and the completion logged.
 */
export function completeTaskOccurrence(
  task: RecurringState & { reminders: readonly Reminder[]; completions: readonly Completion[] },
  at: string,
): (RecurringState & { reminders: Reminder[]; completions: Completion[] }) | null {
  const advanced = completeOccurrence(task);
  return (
    advanced && {
      ...advanced,
      reminders: remindersFollowingOccurrence(task.reminders, task, advanced),
      completions: withCompletion(task.completions, task.occurrence, at),
    }
  );
}
