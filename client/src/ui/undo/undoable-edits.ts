import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { Due } from '@tasklane/shared/domain/due';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Task } from '@tasklane/shared/domain/task';
import { completeOccurrence, withRecurringDerivation } from '@tasklane/shared/sync/advance-recurring';
import type { TaskDraft, TaskPatch, TaskRepository } from '../../db/task-repository';
import type { Placeable } from '../../db/task-order';
import { undoAll, type Undo } from '../../db/undo';
import type { UndoStack } from './undo-stack';

/** Quotes a title in the toast's typographic quotes, cut so a long title keeps the toast on one or two lines. */
export function quoted(text: string): string {
  return `‘${text.length > 60 ? `${text.slice(0, 59)}…` : text}’`;
}

export type EditFeedback = {
  /** Said through the polite live region (a recurring completion's next due, a move). */
  announce(text: string): void;
  /** How a due reads to the user ("Tomorrow 09:00"). */
  describeDue(due: Due): string;
};

/**
 * [ED5] What completing `task` leads to, as the repository computes it ([DM10]): a running series advances to its
 * next occurrence (`next`), or ends; any other task is done.
 */
export function completionOf(task: Task): { recurring: false } | { recurring: true; next: Due | null } {
  if (!task.recurrence || task.status === 'done') return { recurring: false };
  const advanced = completeOccurrence(task);
  if (!advanced) return { recurring: false };
  const after = withRecurringDerivation({ ...task, ...advanced }, task.updatedAt);
  return { recurring: true, next: after.status === 'done' ? null : after.due };
}

/**
 * [ED9] Every edit of the UI, each recorded with its undo (the repository's `Undo`, [CM7]): the undo writes the
 * values from before as a NEW edit on the current state, so it replicates and merges like any edit and keeps what
 * other devices changed meanwhile; a recurring completion is undone with `undoCompletion`, so the occurrence counter
 * never goes down ([DM12]); a removed checklist item comes back as a new item ([DM15]).
 */
export function createUndoableEdits(repository: TaskRepository, stack: UndoStack, feedback: EditFeedback) {
  const record = (label: string, undo: Undo) => stack.push({ label, undo });
  const itemText = (task: Task, itemId: string) => visibleItems(task.checklist).find((item) => item.id === itemId)?.text ?? 'item';

  return {
    /** Quick add: the undo deletes the new task (a tombstone that replicates, as any delete). */
    async create(draft: TaskDraft): Promise<void> {
      const task = await repository.create(draft);
      record(`Created ${quoted(task.title)}`, async () => void (await repository.remove(task.id)));
    },

    /**
     * The editor's Save: the changed plain fields (a recurring task's new due restarts its series there), and the
     * rule when it changed (`null` removes the series). One undo for all of it.
     */
    async save(task: Task, patch: TaskPatch, rule: RecurrenceRule | null | undefined, listName?: string): Promise<void> {
      const fields = Object.keys(patch).length > 0;
      if (!fields && rule === undefined) return;
      const undos: Undo[] = [];
      // a series starts at the task's due: removed first, or set once the due is written
      if (rule === null) undos.push(await repository.setRecurrence(task.id, null));
      if (fields) undos.push(await repository.update(task.id, patch));
      if (rule) undos.push(await repository.setRecurrence(task.id, rule));
      const onlyMoved = rule === undefined && Object.keys(patch).length === 1 && patch.listId !== undefined;
      const label = onlyMoved
        ? `Moved ${quoted(task.title)} to ${listName ?? 'another list'}`
        : `Edited ${quoted(patch.title ?? task.title)}`;
      if (onlyMoved) feedback.announce(`${label}.`);
      record(label, undoAll(undos));
    },

    /** [ED5] The row's checkbox: done ↔ to do, or — on a recurring task — the next occurrence, announced. */
    async toggleComplete(task: Task): Promise<void> {
      const completion = completionOf(task);
      const undo = await repository.toggleComplete(task.id);
      if (completion.recurring) {
        const { next } = completion;
        feedback.announce(next ? `Next: ${feedback.describeDue(next)}` : `Completed ${quoted(task.title)}; the series has ended.`);
        record(`Completed ${quoted(task.title)}`, undo);
        return;
      }
      record(`${task.status === 'done' ? 'Reopened' : 'Completed'} ${quoted(task.title)}`, undo);
    },

    async remove(task: Task): Promise<void> {
      const before = await repository.remove(task.id);
      record(`Deleted ${quoted(task.title)}`, () => repository.restore(before));
    },

    /** [ED7] Moves `task` to `position` among the other `siblings` (the rows as shown): usually one order key. */
    async reorder(task: Task, siblings: readonly Placeable[], position: number, spoken: string): Promise<void> {
      const undo = await repository.move(task.id, siblings, position);
      feedback.announce(spoken);
      record(`Moved ${quoted(task.title)}`, undo);
    },

    async addChecklistItem(task: Task, text: string): Promise<void> {
      record(`Added ${quoted(text)}`, await repository.checklist.add(task.id, text));
    },

    async tickChecklistItem(task: Task, itemId: string, done: boolean): Promise<void> {
      const text = itemText(task, itemId);
      record(`${done ? 'Ticked' : 'Unticked'} ${quoted(text)}`, await repository.checklist.tick(task.id, itemId, done));
    },

    async renameChecklistItem(task: Task, itemId: string, text: string): Promise<void> {
      const before = itemText(task, itemId);
      if (before === text) return;
      record(`Renamed ${quoted(before)}`, await repository.checklist.rename(task.id, itemId, text));
    },

    async moveChecklistItem(task: Task, itemId: string, position: number): Promise<void> {
      const items = visibleItems(task.checklist);
      const from = items.findIndex((item) => item.id === itemId);
      if (from < 0 || from === position) return;
      const undo = await repository.checklist.move(task.id, itemId, position);
      const text = quoted(items[from]!.text);
      feedback.announce(`Moved ${text} to position ${position + 1} of ${items.length}.`);
      record(`Moved ${text}`, undo);
    },

    async removeChecklistItem(task: Task, itemId: string): Promise<void> {
      const text = itemText(task, itemId);
      record(`Removed ${quoted(text)}`, await repository.checklist.remove(task.id, itemId));
    },
  };
}

export type UndoableEdits = ReturnType<typeof createUndoableEdits>;
