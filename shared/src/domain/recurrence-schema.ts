import { z } from 'zod';
import { calendarDateSchema } from './calendar-date-schema';
import { parseWithReasons, type ParseResult } from './parse-result';
import {
  boundsMessage,
  MONTHLY_NTH,
  RULE_BOUNDS,
  RULE_MESSAGES,
  WEEKDAYS,
  weekdaysInOrder,
  yearlyDayExists,
  type RecurrenceRule,
} from './recurrence';

function boundedInteger(bounds: { min: number; max: number }) {
  return z.number().int(RULE_MESSAGES.whole).min(bounds.min, boundsMessage(bounds)).max(bounds.max, boundsMessage(bounds));
}

const intervalSchema = boundedInteger(RULE_BOUNDS.interval);

const weekdaySchema = z.enum(WEEKDAYS, { error: RULE_MESSAGES.weekday });

export const recurrenceEndSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('never') }),
    z.strictObject({ kind: z.literal('after'), count: boundedInteger(RULE_BOUNDS.count) }),
    z.strictObject({ kind: z.literal('until'), date: calendarDateSchema }),
  ],
  { error: RULE_MESSAGES.end },
);

const monthlyOnSchema = z.union(
  [
    z.strictObject({ day: boundedInteger(RULE_BOUNDS.dayOfMonth) }),
    z.strictObject({
      weekday: weekdaySchema,
      nth: z
        .number()
        .int(RULE_MESSAGES.whole)
        .refine((nth) => (MONTHLY_NTH as readonly number[]).includes(nth), { message: RULE_MESSAGES.nth }),
    }),
  ],
  { error: RULE_MESSAGES.monthlyOn },
);

const yearlySchema = z
  .strictObject({
    frequency: z.literal('yearly'),
    interval: intervalSchema,
    month: boundedInteger(RULE_BOUNDS.month),
    day: boundedInteger(RULE_BOUNDS.dayOfMonth),
    end: recurrenceEndSchema,
  })
  .refine((rule) => yearlyDayExists(rule.month, rule.day), { message: RULE_MESSAGES.noSuchDay, path: ['day'] });

/** [DM5] A recurrence rule: how a task's due moves forward when it is completed, and when that stops. */
export const recurrenceRuleSchema = z.discriminatedUnion(
  'frequency',
  [
    z.strictObject({ frequency: z.literal('daily'), interval: intervalSchema, end: recurrenceEndSchema }),
    z.strictObject({ frequency: z.literal('weekdays'), end: recurrenceEndSchema }),
    z.strictObject({
      frequency: z.literal('weekly'),
      interval: intervalSchema,
      weekdays: z.array(weekdaySchema).min(1, RULE_MESSAGES.noWeekday).refine(weekdaysInOrder, { message: RULE_MESSAGES.weekdayOrder }),
      end: recurrenceEndSchema,
    }),
    z.strictObject({ frequency: z.literal('monthly'), interval: intervalSchema, on: monthlyOnSchema, end: recurrenceEndSchema }),
    yearlySchema,
  ],
  { error: RULE_MESSAGES.frequency },
);

/** [DM5] Parses an untrusted rule; a refusal says why, field by field. */
export function parseRecurrenceRule(input: unknown): ParseResult<RecurrenceRule> {
  return parseWithReasons(recurrenceRuleSchema, input);
}
