import { z } from 'zod';
import { canonicalInstantSchema } from './canonical-instant';
import { dueSchema, type Due } from './due';
import { lastOccurrenceUpTo, occurrenceAt, recurrenceRuleSchema } from './recurrence';

/** The occurrence counter only ever grows; this bounds it (a daily task completed for 2,700 years). */
export const MAX_OCCURRENCE = 1_000_000;

const occurrenceSchema = z.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_OCCURRENCE);

/**
 * [DM9] A series: the rule, the due it started from, and the value of the task's occurrence counter at that start.
 * The task's current due is occurrence number `occurrence − startOccurrence` of the series.
 */
export const recurrenceSeriesSchema = z
  .strictObject({ rule: recurrenceRuleSchema, start: dueSchema, startOccurrence: occurrenceSchema })
  .refine((series) => occurrenceAt(series.rule, series.start, 0).state === 'due', {
    message: 'the rule ends before the series starts',
    path: ['start'],
  });
export type RecurrenceSeries = z.infer<typeof recurrenceSeriesSchema>;

/**
 * [DM9] The recurrence fields of a task: the series (or none), when the series was last set or removed (its merge
 * clock, [DM11]), and the occurrence counter, which completions raise and nothing lowers.
 */
export const recurringStateSchema = z
  .strictObject({
    recurrence: recurrenceSeriesSchema.nullable(),
    recurrenceEditedAt: canonicalInstantSchema.nullable(),
    occurrence: occurrenceSchema,
  })
  .superRefine((state, context) => {
    if (state.recurrence && state.recurrenceEditedAt === null) {
      context.addIssue({ code: 'custom', message: 'a series needs the time it was set', path: ['recurrenceEditedAt'] });
    }
    if (state.recurrence && state.occurrence < state.recurrence.startOccurrence) {
      context.addIssue({ code: 'custom', message: 'the counter is below the start of its series', path: ['occurrence'] });
    }
  });
export type RecurringState = z.infer<typeof recurringStateSchema>;

/** Skipped occurrences come alone or in pairs ([DM7]); the bound only guards against a corrupt zone database. */
const MAX_SKIPPED = 8;

/**
 * [DM9] The due a recurring task shows, derived from its series and counter: the current occurrence, or — once the
 * series has ended — the last one it had (`ended`). `null` for a task without a series, whose due is its own field.
 */
export function recurringDue(state: RecurringState): { due: Due; ended: boolean } | null {
  if (!state.recurrence) return null;
  const { rule, start, startOccurrence } = state.recurrence;
  const index = state.occurrence - startOccurrence;
  for (let candidate = index; candidate <= index + MAX_SKIPPED; candidate += 1) {
    const lookup = occurrenceAt(rule, start, candidate);
    if (lookup.state === 'due') return { due: lookup.due, ended: false };
    if (lookup.state === 'ended') break;
  }
  return { due: lastOccurrenceUpTo(rule, start, index)?.due ?? start, ended: true };
}
