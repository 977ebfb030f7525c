import { z } from 'zod';
import { calendarDateSchema } from './calendar-date-schema';
import { inTimedDueRange, TIMED_DUE_RANGE_MESSAGE } from './due';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { timeZoneSchema } from './zoned-time-schema';

/** [DM1] Due on a calendar day, wherever the user is on that day. */
export const dateDueSchema = z.strictObject({ date: calendarDateSchema });

/** [DM1] Due at an instant, remembering the zone it was set in (recurrences keep that zone's wall-clock time). */
export const timedDueSchema = z.strictObject({
  at: isoDateTimeSchema.refine(inTimedDueRange, { message: TIMED_DUE_RANGE_MESSAGE }),
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
