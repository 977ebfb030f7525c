import type { z } from 'zod';
import { dateOfEpochDay, epochDayOfDate, type CalendarDate } from './calendar-date';
import type { dateDueSchema, timedDueSchema } from './due-schema';
import { localDateTimeOf } from './zoned-time';

/** A timed due lies a day inside the calendar range, so its local day is a calendar date in every zone. */
export const TIMED_DUE_RANGE = { min: Date.parse('1900-01-02T00:00:00.000Z'), max: Date.parse('9999-12-30T23:59:59.999Z') } as const;
export const TIMED_DUE_RANGE_MESSAGE = 'the instant must lie within 1900-01-02 and 9999-12-30 (UTC)';

/** True when a timed due's instant lies in `TIMED_DUE_RANGE`. */
export function inTimedDueRange(at: string): boolean {
  return Date.parse(at) >= TIMED_DUE_RANGE.min && Date.parse(at) <= TIMED_DUE_RANGE.max;
}

export type DateDue = z.infer<typeof dateDueSchema>;
export type TimedDue = z.infer<typeof timedDueSchema>;
export type Due = DateDue | TimedDue;

export function isTimedDue(due: Due): due is TimedDue {
  return 'at' in due;
}

/** The same due with its instant in the canonical spelling of docs/protocol.md [D7]. */
export function canonicalDue(due: Due): Due {
  return isTimedDue(due) ? { at: new Date(due.at).toISOString(), timeZone: due.timeZone } : { date: due.date };
}

/** The calendar day an instant falls on in `timeZone`. */
export function localDateOf(instantMs: number, timeZone: string): CalendarDate {
  return dateOfEpochDay(localDateTimeOf(instantMs, timeZone).epochDay);
}

/**
 * [DM2] [DM3] The day a due belongs to in the user's current zone, for Today and Upcoming: a date-only due is its
 * date wherever the user is; a timed due is the day its instant falls on where the user is now (not where it was set).
 */
export function dayOf(due: Due, userTimeZone: string): CalendarDate {
  return isTimedDue(due) ? localDateOf(Date.parse(due.at), userTimeZone) : due.date;
}

/** [DM2] [DM3] A date-only due is overdue once its day has ended where the user is; a timed due once its instant has passed. */
export function isOverdue(due: Due, now: Date, userTimeZone: string): boolean {
  if (isTimedDue(due)) return now.getTime() > Date.parse(due.at);
  return localDateOf(now.getTime(), userTimeZone) > due.date;
}

/** [DM2] [DM3] True when the due's day (`dayOf`) is today where the user is. */
export function isDueToday(due: Due, now: Date, userTimeZone: string): boolean {
  return dayOf(due, userTimeZone) === localDateOf(now.getTime(), userTimeZone);
}

/** [DM2] [DM3] Calendar days from today to the due's day, where the user is (0 today, 1 tomorrow, −1 yesterday): Upcoming groups by it. */
export function daysFromToday(due: Due, now: Date, userTimeZone: string): number {
  return epochDayOfDate(dayOf(due, userTimeZone)) - epochDayOfDate(localDateOf(now.getTime(), userTimeZone));
}
