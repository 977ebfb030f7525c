import { addItem, moveItem, removeItem, renameItem, tickItem, visibleItems } from '@tasklane/shared/domain/checklist';
import type { TaskWrite, TaskWriter } from './task-writer';
import type { Undo } from './undo';

/** The checklist of a task: each action one task write, stamped per item and field ([DM13]), with its `Undo`. */
export type ChecklistActions = {
  /** Adds an item at `position` among the visible ones (default: last). */
  add(taskId: string, text: string, position?: number): Promise<Undo>;
  tick(taskId: string, itemId: string, done: boolean): Promise<Undo>;
  rename(taskId: string, itemId: string, text: string): Promise<Undo>;
  /** To `position` among the other visible items. */
  move(taskId: string, itemId: string, position: number): Promise<Undo>;
  /** For good ([DM15]); its undo adds the item again, as a new one. */
  remove(taskId: string, itemId: string): Promise<Undo>;
};

export function createChecklistActions(writer: TaskWriter, undoOf: (write: TaskWrite) => Undo, newId: () => string): ChecklistActions {
  const edit = async (taskId: string, change: Parameters<TaskWriter['write']>[1]) => undoOf(await writer.write(taskId, change));
  return {
    add: (taskId, text, position) =>
      edit(taskId, (task, at) => ({
        ...task,
        checklist: addItem(task.checklist, { id: newId(), text: text.trim() }, position ?? visibleItems(task.checklist).length, at),
      })),
    tick: (taskId, itemId, done) => edit(taskId, (task, at) => ({ ...task, checklist: tickItem(task.checklist, itemId, done, at) })),
    rename: (taskId, itemId, text) =>
      edit(taskId, (task, at) => ({ ...task, checklist: renameItem(task.checklist, itemId, text.trim(), at) })),
    move: (taskId, itemId, position) =>
      edit(taskId, (task, at) => ({ ...task, checklist: moveItem(task.checklist, itemId, position, at) })),
    remove: (taskId, itemId) => edit(taskId, (task, at) => ({ ...task, checklist: removeItem(task.checklist, itemId, at) })),
  };
}
