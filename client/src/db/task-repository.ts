import type { Due } from '@tasklane/shared/domain/due';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Task } from '@tasklane/shared/domain/task';
import { newTask } from '@tasklane/shared/domain/task-defaults';
import type { TaskPriority, TaskStatus } from '@tasklane/shared/domain/task-fields';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { canonicalTagSet } from '@tasklane/shared/domain/task-tags';
import { restartSeries } from '@tasklane/shared/sync/advance-recurring';
import { completeTaskOccurrence } from '@tasklane/shared/sync/advance-reminders';
import { canonicalTaskState } from '@tasklane/shared/sync/canonical-task';
import { addItem } from '@tasklane/shared/domain/checklist';
import type { TaskCollection } from './create-task-db';
import { checkedRule, checkedTask, InvalidDocumentError } from './document-checks';
import { createChecklistActions, type ChecklistActions } from './checklist-actions';
import { revertTaskWrite } from './task-revert';
import { planPlacedMove, type Placeable } from './task-order';
import { createTaskWriter, type TaskWrite } from './task-writer';
import { toTask } from './to-task';
import { undoAll, type Undo } from './undo';

export type TaskDraft = {
  title: string;
  description?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  /** Default: the Inbox. */
  listId?: string;
  due?: Due | null;
  tags?: string[];
  /** A series starting at `due` (which it needs). */
  recurrence?: RecurrenceRule | null;
  /** The checklist's items, in order. */
  checklist?: readonly string[];
  order?: string | null;
};

/** Plain field edits. A new `due` of a recurring task restarts its series there ([DM12]); `null` ends the series. */
export type TaskPatch = Partial<
  Pick<Task, 'title' | 'description' | 'status' | 'priority' | 'listId' | 'due' | 'tags' | 'order' | 'reminders' | 'assignee'>
>;

/**
 * The task writes of the UI. Every mutation but `create` and `remove` returns its `Undo`; `create` is undone by
 * `remove`, `remove` by `restore` of the task it returns. Bad input rejects with `InvalidDocumentError` (the reasons
 * name the fields) and writes nothing; a task that does not exist rejects with `TaskNotFoundError`.
 */
export type TaskRepository = {
  create(draft: TaskDraft): Promise<Task>;
  update(id: string, patch: TaskPatch): Promise<Undo>;
  /** Done; a recurring task advances to its next occurrence instead ([DM10]). */
  complete(id: string): Promise<Undo>;
  /** To do again (an ended series is removed). */
  reopen(id: string): Promise<Undo>;
  /** `complete` or `reopen`, by the task's status. */
  toggleComplete(id: string): Promise<Undo>;
  /** [DM12] Sets, changes or removes the series; it starts at the task's due, which a rule needs. */
  setRecurrence(id: string, rule: RecurrenceRule | null): Promise<Undo>;
  /** Into another list, not placed by hand there. */
  moveToList(id: string, listId: string): Promise<Undo>;
  /** [CM6] Manual order: to `position` among the other `siblings` (the list as shown). */
  move(id: string, siblings: readonly Placeable[], position: number): Promise<Undo>;
  checklist: ChecklistActions;
  /** Soft delete; returns the task for `restore`. */
  remove(id: string): Promise<Task>;
  restore(task: Task): Promise<void>;
};

type RecurringFields = Pick<Task, 'recurrence' | 'recurrenceEditedAt' | 'occurrence'>;
const recurringOf = (task: Task): RecurringFields => ({
  recurrence: task.recurrence,
  recurrenceEditedAt: task.recurrenceEditedAt,
  occurrence: task.occurrence,
});

/**
 * [DM10] Completion: a running series advances to its next occurrence (its `at` reminders along, [RM4]; the completion
 * logged, [IN2]); any other task becomes done.
 */
function completed(task: Task, at: string): Task {
  if (task.recurrence) {
    const advanced = completeTaskOccurrence(task, at);
    if (advanced) return { ...task, ...advanced };
  }
  return { ...task, status: 'done' };
}

/** Reopening: a task that is done is to do again; an ended series is removed, or it would stay done ([DM10]). */
function reopened(task: Task, at: string): Task {
  const withoutEndedSeries = task.recurrence && task.status === 'done' ? { ...task, ...restartSeries(recurringOf(task), null, at) } : task;
  return { ...withoutEndedSeries, status: 'todo' };
}

/** [AS3] A task that changes list is unassigned unless the same edit names its assignee there (who may not edit the new list). */
const movedOut = (task: Task, listId: string | undefined, assignee: Task['assignee'] | undefined) =>
  listId !== undefined && listId !== task.listId && assignee === undefined;

function patched(task: Task, patch: TaskPatch, at: string): Task {
  let next: Task = { ...task, ...patch };
  if (movedOut(task, patch.listId, patch.assignee)) next.assignee = null;
  if (patch.title !== undefined) next.title = patch.title.trim();
  if (patch.tags !== undefined) next.tags = canonicalTagSet(patch.tags);
  if (patch.due !== undefined && task.recurrence && JSON.stringify(patch.due) !== JSON.stringify(task.due)) {
    next = {
      ...next,
      ...restartSeries(recurringOf(task), patch.due && { rule: task.recurrence.rule, start: patch.due }, at),
      due: patch.due,
    };
  }
  if (patch.status === 'done' && task.status !== 'done') next = completed({ ...next, status: task.status }, at);
  else if (patch.status !== undefined && patch.status !== 'done' && task.status === 'done')
    next = reopened({ ...next, status: task.status }, at);
  return next;
}

/**
 * [CM3] Every local write of a task. Writes go to RxDB only (replication carries them to the server), each through
 * `canonicalTaskState` and checked ([CM8]); `updatedAt` is the device clock. Every mutation but `create` and `remove`
 * returns its `Undo` ([CM7]); `create` is undone by `remove`, `remove` by `restore`.
 */
export function createTaskRepository(
  collection: TaskCollection,
  now: () => Date = () => new Date(),
  newId: () => string = newTaskId,
): TaskRepository {
  const writer = createTaskWriter(collection, now);

  const undoOf =
    ({ before, after }: TaskWrite): Undo =>
    async () => {
      await writer.write(before.id, (current, at) => revertTaskWrite(current, before, after, at, newId));
    };
  const change = async (id: string, edit: (current: Task, at: string) => Task): Promise<Undo> => undoOf(await writer.write(id, edit));

  const repository: TaskRepository = {
    async create(draft: TaskDraft): Promise<Task> {
      const at = writer.stamp();
      let task = newTask({
        id: newId(),
        title: draft.title.trim(),
        createdAt: at,
        updatedAt: at,
        ...(draft.description !== undefined ? { description: draft.description } : {}),
        ...(draft.status !== undefined ? { status: draft.status } : {}),
        ...(draft.priority !== undefined ? { priority: draft.priority } : {}),
        ...(draft.listId !== undefined ? { listId: draft.listId } : {}),
        ...(draft.due !== undefined ? { due: draft.due } : {}),
        ...(draft.order !== undefined ? { order: draft.order } : {}),
        tags: canonicalTagSet(draft.tags ?? []),
      });
      if (draft.recurrence) {
        if (!task.due) throw new InvalidDocumentError('task', ['recurrence: a recurring task needs a due']);
        task = { ...task, ...restartSeries(recurringOf(task), { rule: checkedRule(draft.recurrence), start: task.due }, at) };
      }
      (draft.checklist ?? []).forEach(
        (text, index) => (task.checklist = addItem(task.checklist, { id: newId(), text: text.trim() }, index, at)),
      );
      task = checkedTask(canonicalTaskState(task));
      const { _deleted, ...insertable } = task;
      await collection.insert(insertable as Task);
      return task;
    },

    update: (id: string, patch: TaskPatch): Promise<Undo> => change(id, (task, at) => patched(task, patch, at)),

    /** Done; a recurring task advances to its next occurrence instead ([DM10]). */
    complete: (id: string): Promise<Undo> => change(id, (task, at) => completed(task, at)),

    /** To do again. */
    reopen: (id: string): Promise<Undo> => change(id, (task, at) => reopened(task, at)),

    async toggleComplete(id: string): Promise<Undo> {
      const task = await writer.read(id);
      return task.status === 'done' ? repository.reopen(id) : repository.complete(id);
    },

    /** [DM12] Sets, changes or removes the series; it starts at the task's due, which a rule needs. */
    setRecurrence: (id: string, rule: RecurrenceRule | null): Promise<Undo> =>
      change(id, (task, at) => {
        if (rule && !task.due) throw new InvalidDocumentError('task', ['recurrence: a recurring task needs a due']);
        return { ...task, ...restartSeries(recurringOf(task), rule && task.due && { rule: checkedRule(rule), start: task.due }, at) };
      }),

    /** Into another list, not placed by hand there (after the placed tasks). */
    moveToList: (id: string, listId: string): Promise<Undo> =>
      change(id, (task) => ({ ...task, listId, order: null, ...(movedOut(task, listId, undefined) && { assignee: null }) })),

    /**
     * [CM6] Manual order: `siblings` are the tasks of the list as shown (the moved one may be among them), `position`
     * the index among the others where it goes. Writes the moved task's key, and keys of siblings that need one.
     */
    async move(id: string, siblings: readonly Placeable[], position: number): Promise<Undo> {
      const keys = planPlacedMove(siblings, id, position);
      const undos: Undo[] = [];
      for (const [taskId, order] of keys) undos.push(await change(taskId, (task) => ({ ...task, order })));
      return undoAll(undos);
    },

    checklist: createChecklistActions(writer, undoOf, newId),

    /** Soft delete: a tombstone that replicates. Returns what `restore` needs for undo. */
    async remove(id: string): Promise<Task> {
      const doc = await collection.findOne(id).exec();
      if (!doc) throw new Error(`task ${id} does not exist`);
      const before = toTask(doc.toJSON() as Task);
      await doc.remove();
      return before;
    },

    /** Undo a delete: the task comes back with its content and a new `updatedAt`. */
    /**
     * [CM10] Undoes a delete by reverting only `_deleted`, on the task as it is stored now: other devices may have
     * completed it or removed checklist items since it was deleted here, and writing back the copy from before would
     * lower its occurrence counter and revive removed items ([DM12], [DM15]). The copy is used only when nothing is stored.
     */
    async restore(task: Task): Promise<void> {
      const [stored] = await collection.storageInstance.findDocumentsById([task.id], true);
      // [SH5] A tombstone that only hides a task this device may no longer see is not the task (its `createdAt`, which
      // never changes, differs): the copy comes back, and the server refuses it as a write without access, kept ([SC5]).
      const current = stored && stored.createdAt === task.createdAt ? toTask(stored) : task;
      const {
        _deleted,
        seq: _seq,
        ...content
      } = checkedTask(canonicalTaskState({ ...current, _deleted: false, updatedAt: writer.stamp() }));
      await collection.upsert(content);
    },
  };
  return repository;
}
