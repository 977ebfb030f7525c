import type { z } from 'zod';
import type { Due } from './due';
import { lastOccurrenceUpTo, occurrenceAt, type RecurrenceRule } from './recurrence';
import type { recurrenceSeriesSchema, recurringFieldsSchema } from './recurring-state-schema';

/** The occurrence counter only ever grows; this bounds it (a daily task completed for 2,700 years). */
export const MAX_OCCURRENCE = 1_000_000;

export type RecurrenceSeries = z.infer<typeof recurrenceSeriesSchema>;
export type RecurringState = z.infer<typeof recurringFieldsSchema>;

/** A rule between fields that their own schemas cannot see: the field it concerns and why. */
export type FieldProblem = { path: string; message: string };

/** [DM9] The rules between the recurrence fields that their own schemas cannot see (`checkRecurringFields` reports them). */
export function recurringFieldProblems(state: RecurringState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.recurrence && state.recurrenceEditedAt === null) {
    problems.push({ path: 'recurrenceEditedAt', message: 'a series needs the time it was set' });
  }
  if (state.recurrence && state.occurrence < state.recurrence.startOccurrence) {
    problems.push({ path: 'occurrence', message: 'the counter is below the start of its series' });
  }
  return problems;
}

/** [DM9] A series whose rule ends before it starts: its start is not even its own first occurrence. */
export function seriesEndsBeforeStart(series: { rule: RecurrenceRule; start: Due }): boolean {
  return occurrenceAt(series.rule, series.start, 0).state !== 'due';
}

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
