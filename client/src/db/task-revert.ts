import { isRemoved, visibleItems, type ChecklistEntry, type ChecklistItem } from '@tasklane/shared/domain/checklist';
import { instantAfter, laterInstant } from '@tasklane/shared/domain/canonical-instant';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_EDITABLE_FIELDS } from '@tasklane/shared/domain/task-fields';
import { restartSeries, undoCompletion } from '@tasklane/shared/sync/advance-recurring';

/**
 * Fields an undo sets back to what they were: the merge's plain fields ([M1]) and the reminders; `completedAt` follows
 * `status`, and the recurrence, the checklist and the completions are undone by their own rules.
 */
const PLAIN_FIELDS = [...TASK_EDITABLE_FIELDS.filter((field) => field !== 'completedAt'), 'reminders'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const tick = (previous: string, at: string) => laterInstant(at, instantAfter(previous));

function recurringOf(task: Task) {
  return { recurrence: task.recurrence, recurrenceEditedAt: task.recurrenceEditedAt, occurrence: task.occurrence };
}

/**
 * The checklist with one write undone: items it added are removed, items it removed come back (as new items: a
 * removal is for good, [DM15]) where they were, and fields it changed get their old value with a new clock.
 */
function revertChecklist(
  current: readonly ChecklistEntry[],
  before: readonly ChecklistEntry[],
  after: readonly ChecklistEntry[],
  at: string,
  newId: () => string,
): ChecklistEntry[] {
  const beforeById = new Map(before.map((entry) => [entry.id, entry]));
  const afterById = new Map(after.map((entry) => [entry.id, entry]));
  const next: ChecklistEntry[] = [];
  for (const entry of current) {
    const old = beforeById.get(entry.id);
    const changed = afterById.get(entry.id);
    if (isRemoved(entry) || !changed || isRemoved(changed)) {
      next.push(entry);
      continue;
    }
    if (!old) {
      next.push({ id: entry.id, removedAt: at }); // added by the write
      continue;
    }
    if (isRemoved(old)) {
      next.push(entry);
      continue;
    }
    let item: ChecklistItem = entry;
    if (old.text !== changed.text) item = { ...item, text: old.text, textAt: tick(item.textAt, at) };
    if (old.done !== changed.done) item = { ...item, done: old.done, doneAt: tick(item.doneAt, at) };
    if (old.order !== changed.order) item = { ...item, order: old.order, orderAt: tick(item.orderAt, at) };
    next.push(item);
  }
  for (const old of visibleItems(before)) {
    const changed = afterById.get(old.id);
    if (changed && isRemoved(changed) && !isRemoved(old)) {
      next.push({ id: newId(), text: old.text, done: old.done, order: old.order, textAt: at, doneAt: at, orderAt: at });
    }
  }
  return next;
}

/**
 * [CM7] Undoes one write (`before` → `after`) on the task as it is now: every field the write changed goes back, the
 * rest of `current` stays. A series the write changed, removed or advanced comes back as a new series at the due it
 * had, with what was left of its count (`undoCompletion`: the counter never goes down, [DM12]); a series it added is
 * removed. Returns the content to write (the caller stamps and canonicalises it).
 */
export function revertTaskWrite(current: Task, before: Task, after: Task, at: string, newId: () => string): Task {
  const next: Task = { ...current };
  for (const field of PLAIN_FIELDS) {
    if (!same(before[field], after[field])) (next as Record<string, unknown>)[field] = before[field];
  }
  if (!same(recurringOf(before), recurringOf(after))) {
    Object.assign(
      next,
      before.recurrence ? undoCompletion(recurringOf(before), recurringOf(current), at) : restartSeries(recurringOf(current), null, at),
    );
  }
  // [IN2] The completions the write logged are taken back (a merge with a copy that holds them brings them back: a join).
  if (!same(before.completions, after.completions)) {
    const loggedBefore = new Set(before.completions.map(({ occurrence }) => occurrence));
    const logged = new Set(after.completions.filter(({ occurrence }) => !loggedBefore.has(occurrence)).map(({ occurrence }) => occurrence));
    next.completions = current.completions.filter(({ occurrence }) => !logged.has(occurrence));
  }
  if (!same(before.checklist, after.checklist))
    next.checklist = revertChecklist(current.checklist, before.checklist, after.checklist, at, newId);
  return next;
}
