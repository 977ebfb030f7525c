import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { UndoStack } from '../undo/undo-stack';
import { quoted } from '../undo/undoable-edits';
import type { ListDraft, ListPatch, ListsPort, ListTasksOnDelete } from './ports';

/** What the toast says for a list's changed fields. */
function patchLabel(list: TaskList, patch: ListPatch): string {
  if (patch.archived !== undefined) return `${patch.archived ? 'Archived' : 'Unarchived'} list ${quoted(list.name)}`;
  if (patch.colour === undefined) return `Renamed list ${quoted(list.name)}`;
  return patch.name === undefined ? `Recoloured list ${quoted(list.name)}` : `Edited list ${quoted(patch.name)}`;
}

const tasksOf = (n: number) => `${n} ${n === 1 ? 'task' : 'tasks'}`;

/**
 * [UX1] The list dialogs' writes as undoable edits on the screen's stack ([ED9]), each with its toast: a new list is
 * undone by deleting it (a task added to it meanwhile goes to the Inbox, never lost); a rename, recolour or (un)archive
 * by writing the fields from before; a delete by restoring the list, then its tasks as they were — the same ones moved
 * back from the Inbox, or the deleted ones restored as a task delete's undo does ([CM10]). Every undo is a new edit.
 */
export function createUndoableListEdits(lists: ListsPort, stack: UndoStack) {
  return {
    async create(draft: ListDraft): Promise<TaskList> {
      const list = await lists.create(draft);
      stack.push({ label: `Created list ${quoted(list.name)}`, undo: async () => void (await lists.remove(list.id, 'move-to-inbox')) });
      return list;
    },

    async update(list: TaskList, patch: ListPatch): Promise<void> {
      stack.push({ label: patchLabel(list, patch), undo: await lists.update(list.id, patch) });
    },

    /** `taskCount`: the tasks the delete dialog counted. */
    async remove(list: TaskList, tasks: ListTasksOnDelete, taskCount: number): Promise<void> {
      const undo = await lists.remove(list.id, tasks);
      const name = `Deleted list ${quoted(list.name)}`;
      const label =
        taskCount === 0
          ? name
          : tasks === 'delete'
            ? `${name} and ${tasksOf(taskCount)}`
            : `${name}; ${tasksOf(taskCount)} moved to the Inbox`;
      stack.push({ label, undo });
    },
  };
}

export type UndoableListEdits = ReturnType<typeof createUndoableListEdits>;
