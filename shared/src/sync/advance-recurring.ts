import { instantAfter, laterInstant } from '../domain/canonical-instant';
import { canonicalDue, type Due } from '../domain/due';
import { dueIsAfter, occurrenceAt, type RecurrenceRule } from '../domain/recurrence';
import { recurringDue, type RecurrenceSeries, type RecurringState } from '../domain/recurring-state';
import type { TaskStatus } from '../domain/task-fields';

/** Skipped occurrences come alone or in pairs ([DM7]); the bound only guards against a corrupt zone database. */
const MAX_STEPS = 16;

/**
 * [DM10] Completing a recurring task advances the same task: the counter moves to the next occurrence that is due
 * strictly after the current one (passing over skipped ones), or past the end, when the series has ended. `null`
 * when there is nothing to complete (no series, or it has already ended).
 */
export function completeOccurrence(state: RecurringState): RecurringState | null {
  const current = recurringDue(state);
  if (!state.recurrence || !current || current.ended) return null;
  const { rule, start, startOccurrence } = state.recurrence;
  for (let occurrence = state.occurrence + 1; occurrence <= state.occurrence + MAX_STEPS; occurrence += 1) {
    const lookup = occurrenceAt(rule, start, occurrence - startOccurrence);
    if (lookup.state === 'ended' || (lookup.state === 'due' && dueIsAfter(lookup.due, current.due))) return { ...state, occurrence };
  }
  return { ...state, occurrence: state.occurrence + MAX_STEPS };
}

/** JSON with object keys sorted, so that two spellings of one series compare equal and the tie-break is total. */
export function stableText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableText(item)}`).join(',')}}`;
}

/** The series side of the merge: the later `recurrenceEditedAt` (never set is earliest), then the greater series text. */
function laterSeries(a: RecurringState, b: RecurringState): RecurringState {
  const clockA = a.recurrenceEditedAt ?? '';
  const clockB = b.recurrenceEditedAt ?? '';
  if (clockA !== clockB) return clockA > clockB ? a : b;
  return stableText(a.recurrence) >= stableText(b.recurrence) ? a : b;
}

/**
 * [DM11] Merges the recurrence fields of two versions of a task without a base: the series is a last-writer-wins
 * register on `recurrenceEditedAt`, the counter a grow-only maximum. So the merge is commutative, associative and
 * idempotent; two devices that completed the same occurrence advance it once; a device that completed twice wins
 * over one that completed once; and a completion on one device survives a series edit on the other ([DM12]).
 */
export function mergeRecurringState(a: RecurringState, b: RecurringState): RecurringState {
  const series = laterSeries(a, b);
  return { recurrence: series.recurrence, recurrenceEditedAt: series.recurrenceEditedAt, occurrence: Math.max(a.occurrence, b.occurrence) };
}

/**
 * [DM12] Sets, changes or removes the series (the user edited the rule or moved the due). The new series starts at
 * the current counter, which never goes down, and its clock moves past the one this device has seen, so the edit
 * wins over the state it was made on even when this device's clock runs behind.
 */
export function restartSeries(
  state: RecurringState,
  series: { rule: RecurrenceRule; start: Due } | null,
  editedAt: string,
): RecurringState {
  const clock = state.recurrenceEditedAt === null ? editedAt : laterInstant(editedAt, instantAfter(state.recurrenceEditedAt));
  const recurrence: RecurrenceSeries | null = series && {
    rule: series.rule,
    start: canonicalDue(series.start),
    startOccurrence: state.occurrence,
  };
  return { recurrence, recurrenceEditedAt: clock, occurrence: state.occurrence };
}

/**
 * [DM12] Undoes a completion without lowering the counter (a lower counter would lose every merge): the task gets a
 * series that starts again at the due it had before, with what was left of an `after` end.
 */
export function undoCompletion(before: RecurringState, completed: RecurringState, editedAt: string): RecurringState {
  const restored = recurringDue(before);
  if (!before.recurrence || !restored) throw new Error('undoCompletion needs the recurring state from before the completion');
  const { rule, startOccurrence } = before.recurrence;
  const used = before.occurrence - startOccurrence;
  const end = rule.end.kind === 'after' ? { kind: 'after' as const, count: Math.max(1, rule.end.count - used) } : rule.end;
  return restartSeries(completed, { rule: { ...rule, end }, start: restored.due }, editedAt);
}

type RecurringTaskFields = RecurringState & { due: Due | null; status: TaskStatus; completedAt: string | null };

/**
 * [DM10] Makes a task's due and status agree with its series (as the server derives `completedAt`, docs/protocol.md
 * [D4]): the due is the derived one; an ended series is `done` (keeping a `completedAt` it has, else `completedAt`
 * given here); a running one is never `done`. A task without a series is returned unchanged.
 */
export function withRecurringDerivation<T extends RecurringTaskFields>(task: T, completedAt: string): T {
  const derived = recurringDue(task);
  if (!derived) return task;
  if (derived.ended) return { ...task, due: derived.due, status: 'done', completedAt: task.completedAt ?? completedAt };
  return { ...task, due: derived.due, status: task.status === 'done' ? 'todo' : task.status, completedAt: null };
}
