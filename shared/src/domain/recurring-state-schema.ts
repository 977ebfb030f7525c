import { z } from 'zod';
import { canonicalInstantSchema } from './canonical-instant-schema';
import { dueSchema } from './due-schema';
import { recurrenceRuleSchema } from './recurrence-schema';
import { MAX_OCCURRENCE, recurringFieldProblems, seriesEndsBeforeStart, type RecurringState } from './recurring-state';

export const occurrenceSchema = z.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_OCCURRENCE);

/**
 * [DM9] A series: the rule, the due it started from, and the value of the task's occurrence counter at that start.
 * The task's current due is occurrence number `occurrence − startOccurrence` of the series.
 */
export const recurrenceSeriesSchema = z
  .strictObject({ rule: recurrenceRuleSchema, start: dueSchema, startOccurrence: occurrenceSchema })
  .refine((series) => !seriesEndsBeforeStart(series), {
    message: 'the rule ends before the series starts',
    path: ['start'],
    // zod runs a refinement after issues it can continue from, but walking an invalid start would throw
    when: (payload) => payload.issues.length === 0,
  });

/**
 * [DM9] The recurrence fields of a task: the series (or none), when the series was last set or removed (its merge
 * clock, [DM11]), and the occurrence counter, which completions raise and nothing lowers.
 */
export const RECURRING_FIELD_SCHEMAS = {
  recurrence: recurrenceSeriesSchema.nullable(),
  recurrenceEditedAt: canonicalInstantSchema.nullable(),
  occurrence: occurrenceSchema,
};
export const recurringFieldsSchema = z.strictObject(RECURRING_FIELD_SCHEMAS);

/** [DM9] The rules between the recurrence fields that their own schemas cannot see; shared with the task schema. */
export function checkRecurringFields(state: RecurringState, context: z.RefinementCtx): void {
  for (const { path, message } of recurringFieldProblems(state)) context.addIssue({ code: 'custom', message, path: [path] });
}

export const recurringStateSchema = recurringFieldsSchema.superRefine(checkRecurringFields);
