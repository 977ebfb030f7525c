import { z } from 'zod';
import { calendarDateSchema, dateOfEpochDay, epochDayOfDate, type CalendarDate } from './calendar-date';
import { isoDateTimeSchema } from './iso-timestamp';
import { localDateTimeOf, timeZoneSchema } from './zoned-time';

/** A timed due lies a day inside the calendar range, so its local day is a calendar date in every zone. */
const TIMED_DUE_RANGE = { min: Date.parse('1900-01-02T00:00:00.000Z'), max: Date.parse('9999-12-30T23:59:59.999Z') } as const;

/** [DM1] Due on a calendar day, wherever the user is on that day. */
export const dateDueSchema = z.strictObject({ date: calendarDateSchema });

/** [DM1] Due at an instant, remembering the zone it was set in (recurrences keep that zone's wall-clock time). */
export const timedDueSchema = z.strictObject({
  at: isoDateTimeSchema.refine((at) => Date.parse(at) >= TIMED_DUE_RANGE.min && Date.parse(at) <= TIMED_DUE_RANGE.max, {
    message: 'the instant must lie within 1900-01-02 and 9999-12-30 (UTC)',
  }),
  timeZone: timeZoneSchema,
});

const DUE_SHAPE = 'a due is { "date": "YYYY-MM-DD" } or { "at": <ISO-8601 instant>, "timeZone": <IANA zone> }';

/** The shape an object meant by its keys: 0 a date-only due, 1 a timed one; zod's own union error names neither. */
function intendedShape(input: unknown): 0 | 1 | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  if ('date' in input) return 0;
  return 'at' in input || 'timeZone' in input ? 1 : undefined;
}

/** [DM1] A due value: `{ date }` or `{ at, timeZone }`, nothing else. */
export const dueSchema = z.union([dateDueSchema, timedDueSchema], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const shape = intendedShape(issue.input);
    const reason = shape === undefined ? undefined : issue.errors[shape]?.[0];
    return reason ? `${DUE_SHAPE}; ${reason.path.map(String).join('.') || '(root)'}: ${reason.message}` : DUE_SHAPE;
  },
});

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
