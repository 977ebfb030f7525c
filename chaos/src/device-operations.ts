import type { Due } from '@tasklane/shared/domain/due';
import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { recurringDue } from '@tasklane/shared/domain/recurring-state';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import { completeOccurrence } from '@tasklane/shared/sync/advance-recurring';
import type { TaskPatch } from '@tasklane/client/src/db/task-repository';
import { homeListOf, listIndexOf, tasksOfList } from '@tasklane/client/src/ui/nav/views';
import type { ChaosDevice } from './chaos-device';
import {
  applyListOperation,
  LIST_OPERATION_KINDS,
  listOperationKind,
  listTargets,
  pick,
  spread,
  type ListOperationKind,
} from './list-operations';
import type { SeededRandom } from './seeded-random';

/**
 * `edit` changes a plain field; `move`, `due`, `recurrence`, `reorder` and `checklist` are the edits of data model v2,
 * `reminders` ([RM5]) half of the draws that would edit the checklist;
 * the `list-…` kinds write lists ([CL1]).
 */
export type OperationKind =
  | 'create'
  | 'edit'
  | 'move'
  | 'due'
  | 'recurrence'
  | 'reorder'
  | 'checklist'
  | 'reminders'
  | 'complete'
  | 'delete'
  | 'undelete'
  | ListOperationKind;
export const OPERATION_KINDS: readonly OperationKind[] = [
  'create',
  'edit',
  'move',
  'due',
  'recurrence',
  'reorder',
  'checklist',
  'reminders',
  'complete',
  'delete',
  'undelete',
  ...LIST_OPERATION_KINDS,
];
export type OperationOutcome = { kind: OperationKind; done: boolean };
/** The four random numbers one operation uses: kind, target, field, value. */
export type OperationDraws = [number, number, number, number];

const TAGS = ['home', 'work', 'urgent', 'later', 'shop', 'call'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const ZONES = ['Europe/Berlin', 'America/New_York'] as const;
/** Rules whose occurrences are never skipped in the zones above (whole hours 08–19), so each completion advances by one. */
const RULES: RecurrenceRule[] = [
  { frequency: 'daily', interval: 1, end: { kind: 'never' } },
  { frequency: 'daily', interval: 2, end: { kind: 'after', count: 4 } },
  { frequency: 'weekdays', end: { kind: 'never' } },
  { frequency: 'weekly', interval: 1, weekdays: ['mon', 'thu'], end: { kind: 'after', count: 3 } },
  { frequency: 'monthly', interval: 1, on: { day: 31 }, end: { kind: 'never' } },
];
/** The edit an `edit` draw makes: five plain fields, then the five of data model v2. */
const EDITS = ['title', 'description', 'status', 'priority', 'tags', 'move', 'due', 'recurrence', 'reorder', 'checklist'] as const;

/** Tasks each device deleted itself, for undo (undelete), newest last. */
const deletedByDevice = new WeakMap<ChaosDevice, Task[]>();

/**
 * One user action on one device, through the app's repository. The draws
 * are taken before (always four, whatever the device's state), so the
 * schedule a seed produces does not depend on replication timing.
 */
export function drawOperation(random: SeededRandom): OperationDraws {
  return [random.next(), random.next(), random.next(), random.next()];
}

export function operationKind([kindDraw, , fieldDraw]: OperationDraws): OperationKind {
  if (kindDraw < 0.23) return 'create';
  if (kindDraw < 0.66) {
    const edit = pick(EDITS, fieldDraw);
    if (edit === 'checklist') return spread(fieldDraw, 31) < 0.5 ? 'reminders' : 'checklist';
    return edit === 'move' || edit === 'due' || edit === 'recurrence' || edit === 'reorder' ? edit : 'edit';
  }
  if (kindDraw < 0.91) return kindDraw < 0.77 ? 'complete' : kindDraw < 0.87 ? 'delete' : 'undelete';
  return listOperationKind(fieldDraw);
}

/** A due in 2030: a date, or a whole hour between 08:00 and 19:00 UTC with a zone. */
function drawDue(draw: number): Due {
  const day = Math.floor(spread(draw, 3) * 300);
  const date = new Date(Date.UTC(2030, 0, 1 + day));
  if (spread(draw, 5) < 0.5) return { date: date.toISOString().slice(0, 10) };
  date.setUTCHours(8 + Math.floor(spread(draw, 7) * 12));
  return { at: date.toISOString(), timeZone: pick(ZONES, spread(draw, 11)) };
}

function isRunningSeries(task: Task): boolean {
  const due = recurringDue(task);
  return due !== null && !due.ended;
}

export async function applyOperation(device: ChaosDevice, draws: OperationDraws, step: number): Promise<OperationOutcome> {
  const [, targetDraw, fieldDraw, valueDraw] = draws;
  const kind = operationKind(draws);
  const tasks = device.tasks;
  if (!tasks) return { kind, done: false };
  const live = await device.liveTasks();
  const target = live[Math.floor(targetDraw * live.length)];
  const word = WORDS[Math.floor(valueDraw * WORDS.length)]!;
  const done = { kind, done: true };
  try {
    switch (kind) {
      case 'create':
        await tasks.create({
          title: `${device.name} task ${step}`,
          tags: valueDraw < 0.5 ? [TAGS[Math.floor(fieldDraw * TAGS.length)]!] : [],
          ...(valueDraw > 0.7 ? { listId: pick(await listTargets(device), spread(valueDraw, 13)) } : {}),
        });
        return done;
      case 'edit':
        if (!target) return { kind, done: false };
        // A status set to done completes a recurring task's occurrence, as the toggle does.
        await completing(device, target, () =>
          tasks.update(target.id, editPatch(target, fieldDraw, valueDraw, `${word} ${device.name}@${step}`)),
        );
        return done;
      case 'move':
        if (!target) return { kind, done: false };
        await tasks.moveToList(target.id, pick(await listTargets(device), valueDraw));
        return done;
      case 'due':
        if (!target) return { kind, done: false };
        // On a recurring task a new due restarts the series there, and clearing it ends the series ([DM12]).
        await tasks.update(target.id, { due: valueDraw < 0.25 ? null : drawDue(valueDraw) });
        return done;
      case 'recurrence':
        if (!target) return { kind, done: false };
        if (valueDraw < 0.2) {
          if (!target.recurrence) return { kind, done: false };
          await tasks.setRecurrence(target.id, null);
          return done;
        }
        if (!target.due) await tasks.update(target.id, { due: drawDue(valueDraw) });
        await tasks.setRecurrence(target.id, pick(RULES, spread(valueDraw, 17)));
        return done;
      case 'reorder': {
        if (!target) return { kind, done: false };
        // The list as the app shows it: a task of a deleted list is among the Inbox's ([NV3]).
        const index = listIndexOf(await device.liveLists());
        const siblings = tasksOfList(live, homeListOf(target, index), index).map((task) => ({ id: task.id, order: task.order }));
        await tasks.move(target.id, siblings, Math.floor(valueDraw * siblings.length));
        return done;
      }
      case 'checklist':
        if (!target) return { kind, done: false };
        await editChecklist(device, target, valueDraw, `${word} ${device.name}@${step}`);
        return done;
      case 'reminders':
        if (!target) return { kind, done: false };
        await tasks.update(target.id, { reminders: editedReminders(target, valueDraw, `${device.name}-r${step}`.replace(/[^\w-]/g, '-')) });
        return done;
      case 'complete': {
        // Half of the completions go to a recurring task, when there is one: so occurrences are completed often,
        // now and then on several devices at once.
        const recurring = live.filter(isRunningSeries);
        const chosen = valueDraw < 0.5 && recurring.length > 0 ? recurring[Math.floor(targetDraw * recurring.length)]! : target;
        if (!chosen) return { kind, done: false };
        await completing(device, chosen, () => tasks.toggleComplete(chosen.id));
        return done;
      }
      case 'delete': {
        if (!target) return { kind, done: false };
        const removed = await tasks.remove(target.id);
        const stash = deletedByDevice.get(device) ?? [];
        stash.push(removed);
        deletedByDevice.set(device, stash.slice(-20));
        return done;
      }
      case 'undelete': {
        const stash = deletedByDevice.get(device) ?? [];
        const restored = stash.splice(Math.floor(targetDraw * stash.length), 1)[0];
        if (!restored) return { kind, done: false };
        await tasks.restore(restored);
        return done;
      }
      default:
        return { kind, done: await applyListOperation(device, kind, targetDraw, valueDraw, step) };
    }
  } catch (error) {
    // The task vanished under the write (a delete arrived by sync, or the device crashed): the user's action did nothing.
    // A due removed by a merge just before a recurrence was set: the app refuses the rule, as it would for the user.
    if (error instanceof Error && /does not exist|closed|is not running|needs a due/i.test(error.message)) return { kind, done: false };
    throw error;
  }
}

/**
 * A write that may complete a recurring task's occurrence ([DM10]: `toggleComplete`, or a status set to done),
 * recorded in the ledger for the check of [MV5]. The counter is read around the write: one step up from what the
 * device held is a confirmed completion; anything else (replication changed the task in between) is recorded
 * unconfirmed, with the counter it reached.
 */
export async function completing(device: ChaosDevice, task: Task, write: () => Promise<unknown>): Promise<void> {
  const expected = isRunningSeries(task) ? completeOccurrence(task) : null;
  if (expected) device.recordCompletion({ taskId: task.id, from: task.occurrence, to: expected.occurrence, confirmed: false });
  await write();
  const after = (await device.liveTasks()).find((candidate) => candidate.id === task.id);
  if (!after || after.occurrence === task.occurrence) return;
  const confirmed = after.occurrence === expected?.occurrence;
  device.recordCompletion({ taskId: task.id, from: confirmed ? task.occurrence : -1, to: after.occurrence, confirmed });
}

async function editChecklist(device: ChaosDevice, task: Task, draw: number, text: string): Promise<void> {
  const checklist = device.tasks!.checklist;
  const items = visibleItems(task.checklist);
  const item = items[Math.floor(spread(draw, 19) * items.length)];
  const action = spread(draw, 23);
  if (!item || action < 0.35) await checklist.add(task.id, text, Math.floor(spread(draw, 29) * (items.length + 1)));
  else if (action < 0.6) await checklist.tick(task.id, item.id, !item.done);
  else if (action < 0.8) await checklist.rename(task.id, item.id, text);
  else await checklist.remove(task.id, item.id);
}

const REMINDER_SPANS = ['PT0M', 'PT10M', 'PT1H', 'P1D'];

/** [RM5] Adds a reminder (a span before the due, or an instant near it), changes one, or removes one. */
function editedReminders(task: Task, draw: number, newId: string): Task['reminders'] {
  const reminders = task.reminders;
  const chosen = reminders[Math.floor(spread(draw, 37) * reminders.length)];
  const action = spread(draw, 41);
  const span = pick(REMINDER_SPANS, spread(draw, 43));
  const at = new Date(Date.UTC(2030, 0, 1 + Math.floor(spread(draw, 47) * 300), 7)).toISOString();
  if (!chosen || (action < 0.5 && reminders.length < 10)) {
    return [...reminders, spread(draw, 53) < 0.5 ? { id: newId, before: span } : { id: newId, at }];
  }
  if (action < 0.75) return reminders.map((reminder) => (reminder.id === chosen.id ? { id: chosen.id, before: span } : reminder));
  return reminders.filter((reminder) => reminder.id !== chosen.id);
}

function editPatch(task: Task, fieldDraw: number, valueDraw: number, text: string): TaskPatch {
  const field = pick(EDITS, fieldDraw);
  switch (field) {
    case 'title':
      return { title: text };
    case 'description':
      return { description: `${text} ${task.description}`.slice(0, 200) };
    case 'status':
      return { status: TASK_STATUSES[Math.floor(valueDraw * TASK_STATUSES.length)]! };
    case 'priority':
      return { priority: TASK_PRIORITIES[Math.floor(valueDraw * TASK_PRIORITIES.length)]! };
    default: {
      const tag = TAGS[Math.floor(valueDraw * TAGS.length)]!;
      return { tags: task.tags.includes(tag) ? task.tags.filter((t) => t !== tag) : [...task.tags, tag] };
    }
  }
}
