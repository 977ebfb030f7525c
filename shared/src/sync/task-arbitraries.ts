import { canonicalCompletions } from '../domain/completions';
import fc from 'fast-check';
import { addItem, moveItem, removeItem, renameItem, tickItem, visibleItems, type ChecklistEntry } from '../domain/checklist';
import type { Due } from '../domain/due';
import type { RecurrenceEnd, RecurrenceRule } from '../domain/recurrence';
import type { Reminder } from '../domain/reminder';
import type { Task } from '../domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '../domain/task-fields';
import { INBOX_LIST_ID } from '../domain/task-list';
import { canonicalTaskState } from './canonical-task';
import { restartSeries } from './advance-recurring';
import { completeTaskOccurrence } from './advance-reminders';

/**
 * Test support (fast-check arbitraries, used by the merge property tests only): version-2 tasks as devices hold them,
 * and the edits a device makes offline, each applied the way the app writes — then `canonicalTaskState`.
 */

const MIN_MS = Date.parse('2025-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('2027-01-01T00:00:00.000Z');

/** A canonical instant ([D7]) in 2025–2026. */
export const instantArbitrary = fc.integer({ min: MIN_MS, max: MAX_MS }).map((ms) => new Date(ms).toISOString());

export const LIST_IDS = [INBOX_LIST_ID, 'work', 'home'] as const;
export const ASSIGNEES = ['6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', '0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b'] as const;
export const ORDER_KEYS = ['Zz', 'a0', 'a0V', 'a1', 'a2', 'a2V', 'b00'] as const;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Pacific/Apia', 'Asia/Kolkata'] as const;
const TAGS = ['home', 'work', 'urgent', 'later', 'errand'] as const;
const ITEM_IDS = ['i1', 'i2', 'i3', 'i4', 'i5'] as const;
const REMINDER_IDS = ['r1', 'r2', 'r3', 'r4'] as const;

/** Both shapes of a due ([DM1]): a date in 2026, or an instant with one of a few zones. */
export const dueArbitrary: fc.Arbitrary<Due> = fc.oneof(
  fc.integer({ min: 0, max: 364 }).map((day) => ({ date: new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10) })),
  fc
    .tuple(fc.integer({ min: MIN_MS, max: MAX_MS }), fc.constantFrom(...ZONES))
    .map(([ms, timeZone]) => ({ at: new Date(ms).toISOString(), timeZone })),
);

const endArbitrary: fc.Arbitrary<RecurrenceEnd> = fc.oneof(
  fc.constant<RecurrenceEnd>({ kind: 'never' }),
  fc.integer({ min: 1, max: 4 }).map((count): RecurrenceEnd => ({ kind: 'after', count })),
);

/** Rules that are valid from any start in the generated range (an `until` could end before the start). */
export const ruleArbitrary: fc.Arbitrary<RecurrenceRule> = fc.oneof(
  fc.record({ frequency: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 3 }), end: endArbitrary }),
  fc.record({ frequency: fc.constant('weekdays' as const), end: endArbitrary }),
  fc.record({
    frequency: fc.constant('weekly' as const),
    interval: fc.integer({ min: 1, max: 2 }),
    weekdays: fc.constantFrom<('mon' | 'tue' | 'thu' | 'sat')[]>(['mon'], ['tue', 'thu'], ['mon', 'sat']),
    end: endArbitrary,
  }),
  fc.record({
    frequency: fc.constant('monthly' as const),
    interval: fc.constant(1),
    on: fc.record({ day: fc.integer({ min: 28, max: 31 }) }),
    end: endArbitrary,
  }),
);

/** One checklist edit, aimed at an item id of a small pool (so devices touch the same items sometimes). */
export type ChecklistEdit =
  | { kind: 'add'; id: string; position: number }
  | { kind: 'tick'; id: string; done: boolean }
  | { kind: 'rename'; id: string; text: string }
  | { kind: 'move'; id: string; position: number }
  | { kind: 'remove'; id: string };

const itemIdArbitrary = fc.constantFrom(...ITEM_IDS);
export const checklistEditArbitrary: fc.Arbitrary<ChecklistEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), id: itemIdArbitrary, position: fc.nat(4) }) },
  fc.record({ kind: fc.constant('tick' as const), id: itemIdArbitrary, done: fc.boolean() }),
  fc.record({ kind: fc.constant('rename' as const), id: itemIdArbitrary, text: fc.constantFrom('milk', 'eggs', 'bread') }),
  fc.record({ kind: fc.constant('move' as const), id: itemIdArbitrary, position: fc.nat(4) }),
  fc.record({ kind: fc.constant('remove' as const), id: itemIdArbitrary }),
);

/** Applies checklist edits as the app does (an add of an id that exists, live or removed, does nothing). */
export function applyChecklistEdits(checklist: readonly ChecklistEntry[], edits: readonly ChecklistEdit[], at: string): ChecklistEntry[] {
  let list = [...checklist];
  for (const edit of edits) {
    if (edit.kind === 'add') {
      if (!list.some((entry) => entry.id === edit.id)) list = addItem(list, { id: edit.id, text: `item ${edit.id}` }, edit.position, at);
    } else if (edit.kind === 'tick') list = tickItem(list, edit.id, edit.done, at);
    else if (edit.kind === 'rename') list = renameItem(list, edit.id, edit.text, at);
    else if (edit.kind === 'move') list = moveItem(list, edit.id, edit.position, at);
    else list = removeItem(list, edit.id, at);
  }
  return list;
}

/** [RM1] A reminder of a small id pool: at an instant in the generated range, or a span before the due. */
export const reminderArbitrary: fc.Arbitrary<Reminder> = fc.oneof(
  fc.record({ id: fc.constantFrom(...REMINDER_IDS), at: instantArbitrary }),
  fc.record({ id: fc.constantFrom(...REMINDER_IDS), before: fc.constantFrom('PT0M', 'PT10M', 'PT1H', 'P1D', 'P1DT2H30M') }),
);

/** One reminder edit: set (add, or change the one with that id) or remove. */
export type ReminderEdit = { kind: 'set'; reminder: Reminder } | { kind: 'remove'; id: string };

export const reminderEditArbitrary: fc.Arbitrary<ReminderEdit> = fc.oneof(
  { weight: 2, arbitrary: reminderArbitrary.map((reminder): ReminderEdit => ({ kind: 'set', reminder })) },
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...REMINDER_IDS) }),
);

/** Applies reminder edits as the editor does. */
export function applyReminderEdits(reminders: readonly Reminder[], edits: readonly ReminderEdit[]): Reminder[] {
  let list = [...reminders];
  for (const edit of edits) {
    if (edit.kind === 'set') list = [...list.filter((reminder) => reminder.id !== edit.reminder.id), edit.reminder];
    else list = list.filter((reminder) => reminder.id !== edit.id);
  }
  return list;
}

/** What a device does to the recurrence of a task: complete it some times, set a new series, or remove it. */
export type RecurringEdit =
  { kind: 'none' } | { kind: 'complete'; times: number } | { kind: 'restart'; rule: RecurrenceRule; start: Due } | { kind: 'remove' };

export const recurringEditArbitrary: fc.Arbitrary<RecurringEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<RecurringEdit>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), times: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), rule: ruleArbitrary, start: dueArbitrary }) },
  { weight: 1, arbitrary: fc.constant<RecurringEdit>({ kind: 'remove' }) },
);

/** The plain fields a device edits (the three-way fields of [M1], [M2]). */
export const plainFieldArbitraries = {
  title: fc.string({ minLength: 1, maxLength: 20 }),
  description: fc.string({ maxLength: 30 }),
  status: fc.constantFrom(...TASK_STATUSES),
  priority: fc.constantFrom(...TASK_PRIORITIES),
  listId: fc.constantFrom(...LIST_IDS),
  assignee: fc.constantFrom(null, ...ASSIGNEES),
  due: fc.option(dueArbitrary, { nil: null }),
  order: fc.option(fc.constantFrom(...ORDER_KEYS), { nil: null }),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 }),
  _deleted: fc.boolean(),
};

/** A task as the app writes it: a device's fields, then `canonicalTaskState` (derived due, status, completedAt). */
export function asWritten(task: Task): Task {
  return canonicalTaskState(task);
}

/** Completes the current occurrence of a recurring task as the app does; the task unchanged when there is nothing to complete. */
export function completeOnDevice(task: Task, at: string): Task {
  const next = completeTaskOccurrence(task, at);
  return next ? asWritten({ ...task, ...next, updatedAt: at }) : task;
}

/** A valid, canonical version-2 task with every kind of field: a list, a due, a series with completions, a checklist, reminders, an order key. */
export const taskArbitrary: fc.Arbitrary<Task> = fc
  .record({
    ...plainFieldArbitraries,
    id: fc.constantFrom('task-1', 'task-2'),
    createdAt: instantArbitrary,
    updatedAt: instantArbitrary,
    seq: fc.nat({ max: 1000 }),
    series: fc.option(
      fc.record({ rule: ruleArbitrary, start: dueArbitrary, startOccurrence: fc.integer({ min: 0, max: 3 }), editedAt: instantArbitrary }),
      { freq: 2 },
    ),
    completions: fc.integer({ min: 0, max: 3 }),
    checklistEdits: fc.array(checklistEditArbitrary, { maxLength: 5 }),
    reminderEdits: fc.array(reminderEditArbitrary, { maxLength: 4 }),
    logged: fc.array(fc.record({ occurrence: fc.nat({ max: 5 }), at: instantArbitrary }), { maxLength: 3 }),
  })
  .map(({ series, completions: completed, checklistEdits, reminderEdits, logged, ...fields }) => {
    const recurring = series
      ? {
          recurrence: { rule: series.rule, start: series.start, startOccurrence: series.startOccurrence },
          recurrenceEditedAt: series.editedAt,
          occurrence: series.startOccurrence + completed,
        }
      : { recurrence: null, recurrenceEditedAt: null, occurrence: completed };
    const checklist = applyChecklistEdits([], checklistEdits, fields.createdAt);
    const reminders = applyReminderEdits([], reminderEdits);
    // [IN2] only occurrences already completed, no later than the task's last change
    const completions = canonicalCompletions(
      logged.filter((entry) => entry.occurrence < recurring.occurrence && entry.at <= fields.updatedAt),
    );
    return asWritten({ ...fields, ...recurring, completions, checklist, reminders, completedAt: null });
  });

/** Everything one device changes offline, stamped with one `updatedAt`. */
export type DeviceEdit = {
  updatedAt: string;
  fields: Partial<Pick<Task, keyof typeof plainFieldArbitraries>>;
  recurring: RecurringEdit;
  checklist: ChecklistEdit[];
  reminders?: ReminderEdit[];
};

export const deviceEditArbitrary: fc.Arbitrary<DeviceEdit> = fc.record({
  updatedAt: instantArbitrary,
  fields: fc.record(plainFieldArbitraries, { requiredKeys: [] }),
  recurring: recurringEditArbitrary,
  checklist: fc.array(checklistEditArbitrary, { maxLength: 4 }),
  reminders: fc.array(reminderEditArbitrary, { maxLength: 3 }),
});

/** Applies a device's edit to the state it holds, as the app writes it. */
export function applyDeviceEdit(task: Task, edit: DeviceEdit): Task {
  let next: Task = { ...task, ...edit.fields, updatedAt: edit.updatedAt };
  const recurring = edit.recurring;
  if (recurring.kind === 'complete') {
    for (let time = 0; time < recurring.times; time += 1) next = { ...next, ...(completeTaskOccurrence(next, edit.updatedAt) ?? {}) };
  } else if (recurring.kind === 'restart') {
    next = { ...next, ...restartSeries(next, { rule: recurring.rule, start: recurring.start }, edit.updatedAt) };
  } else if (recurring.kind === 'remove' && next.recurrence) {
    next = { ...next, ...restartSeries(next, null, edit.updatedAt) };
  }
  next.checklist = applyChecklistEdits(next.checklist, edit.checklist, edit.updatedAt);
  next.reminders = applyReminderEdits(next.reminders, edit.reminders ?? []);
  return asWritten(next);
}

/** The ids of the visible checklist items, in display order. */
export function visibleIds(task: Task): string[] {
  return visibleItems(task.checklist).map((item) => item.id);
}
