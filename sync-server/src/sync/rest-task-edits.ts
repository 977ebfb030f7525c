import type { Due } from '@tasklane/shared/domain/due';
import { canonicalDue } from '@tasklane/shared/domain/due';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { recurringDue, type RecurringState } from '@tasklane/shared/domain/recurring-state';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { completedAtFor, newTask } from '@tasklane/shared/domain/task-defaults';
import type { CreateTaskInput, PatchTaskInput } from '@tasklane/shared/domain/task-input';
import { dueFromVersion1 } from '@tasklane/shared/domain/task-upgrade';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { restartSeries } from '@tasklane/shared/sync/advance-recurring';
import { completeTaskOccurrence } from '@tasklane/shared/sync/advance-reminders';
import { sameValue } from '@tasklane/shared/sync/three-way-fields';
import { applyChecklistInput } from './checklist-input';

/** What a REST edit needs besides its input: the ids of checklist items the input left without one. */
export type EditIds = { newItemId: (index: number) => string };

const canonicalInstant = (at: string) => new Date(at).toISOString();

/** The due a REST body sets: `due`, or the version-1 `dueAt` converted as an upgrade converts it ([DM19], [DM20]); `undefined`: none given. */
function dueOfInput(input: { due?: Due | null; dueAt?: string | null }): Due | null | undefined {
  if (input.due !== undefined) return input.due;
  return input.dueAt === undefined ? undefined : dueFromVersion1(input.dueAt);
}

function needsDue(field: 'recurrence' | 'due'): never {
  throw new ProtocolError(
    'INVALID_MESSAGE',
    field === 'recurrence'
      ? 'recurrence: a recurring task needs a due (its first occurrence); give one in "due"'
      : 'due: a recurring task needs a due; send "recurrence": null as well to stop it repeating',
  );
}

function withSeries(task: Task, state: RecurringState): Task {
  return { ...task, recurrence: state.recurrence, recurrenceEditedAt: state.recurrenceEditedAt, occurrence: state.occurrence };
}

/**
 * [DM20] The task a `POST /api/tasks` makes, every omitted field at its default ([T2]): `dueAt` converted, the
 * checklist's items added with their clocks, a recurrence rule started at the due ([DM12]). The clocks of items and
 * series are the task's `updatedAt`. `clock` gives `createdAt` and `updatedAt` where the input has none.
 */
export function taskFromCreateInput(
  input: CreateTaskInput,
  id: string,
  clock: { createdAt: string; updatedAt: string },
  ids: EditIds,
): Task {
  const { recurrence, checklist, dueAt: _dueAt, due: _due, id: _id, ...fields } = input;
  const due = dueOfInput(input) ?? null;
  const task = newTask({
    ...fields,
    id,
    due,
    createdAt: input.createdAt ?? clock.createdAt,
    updatedAt: input.updatedAt ?? clock.updatedAt,
  });
  const at = canonicalInstant(task.updatedAt);
  let made: Task = checklist === undefined ? task : { ...task, checklist: applyChecklistInput([], checklist, at, ids.newItemId) };
  if (recurrence) {
    if (due === null) needsDue('recurrence');
    made = withSeries(made, restartSeries(made, { rule: recurrence, start: due }, at));
  }
  return made;
}

/** The series a patch leaves: a new rule, a moved due (a new series at the counter, [DM12]), or none. */
function seriesAfterPatch(current: Task, rule: RecurrenceRule | null | undefined, due: Due | null | undefined, at: string): RecurringState {
  const state: RecurringState = current;
  if (rule === null) return current.recurrence === null ? state : restartSeries(state, null, at);
  if (rule !== undefined) {
    const start = due === undefined ? current.due : due;
    if (start === null) return needsDue('recurrence');
    return restartSeries(state, { rule, start }, at);
  }
  if (due === undefined || current.recurrence === null) return state;
  if (due === null) return needsDue('due');
  if (current.due !== null && sameValue(canonicalDue(current.due), canonicalDue(due))) return state;
  return restartSeries(state, { rule: current.recurrence.rule, start: due }, at);
}

/**
 * [T3] [DM20] A `PATCH /api/tasks/:id` applied to the stored task: the given fields only, `updatedAt` the patch's or
 * `now`. `status: "done"` on a task whose series is running is a completion, as in the app (docs/data-model-v2.md §5):
 * `completeOccurrence` advances the counter and the derivation of [DM10] (in `canonicalTaskState`) gives the next
 * due and status. Otherwise `completedAt` follows `status` ([D4]).
 */
export function patchedTask(current: StoredTask, patch: PatchTaskInput, now: string, ids: EditIds): Task {
  const { recurrence, checklist, dueAt: _dueAt, due: _due, status, completedAt, updatedAt: _updatedAt, ...fields } = patch;
  const { seq: _seq, ...stored } = current;
  const updatedAt = patch.updatedAt ?? now;
  const at = canonicalInstant(updatedAt);
  const due = dueOfInput(patch);
  let next: Task = { ...stored, ...fields, ...(due === undefined ? {} : { due }), updatedAt };
  next = withSeries(next, seriesAfterPatch(stored, recurrence, due, at));
  if (checklist !== undefined) next = { ...next, checklist: applyChecklistInput(stored.checklist, checklist, at, ids.newItemId) };

  const running = recurringDue(next);
  if (status === 'done' && running && !running.ended) {
    const completed = completeTaskOccurrence(next, at);
    if (!completed) return next;
    // [LR15] As the app completes it: the status stays (a running series is never `done`); the derivation sets the
    // next occurrence's due, or `done` when this was the last one. [RM4] `at` reminders move with the due, unless the
    // patch sets them: [RM10] those are the reminders the caller asked for, so they are applied after the advance.
    const reminders = patch.reminders ?? completed.reminders;
    // [IN2] the completion logged with it
    return { ...withSeries(next, completed), reminders, completions: completed.completions, status: stored.status, completedAt: null };
  }
  const nextStatus = status ?? next.status;
  const nextCompletedAt =
    completedAt !== undefined && nextStatus === 'done' ? completedAt : completedAtFor(nextStatus, stored.completedAt, updatedAt);
  return { ...next, status: nextStatus, completedAt: nextCompletedAt };
}
