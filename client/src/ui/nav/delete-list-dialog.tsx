import { useState } from 'react';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { ListTasksOnDelete } from './ports';
import { useModalDialog } from './use-modal-dialog';

/** [NV3] Deleting a list asks what happens to its tasks: they move to the Inbox (the default), or go with it. */
export function DeleteListDialog(props: {
  list: TaskList;
  taskCount: number;
  onConfirm: (tasks: ListTasksOnDelete) => void;
  onClose: () => void;
}) {
  const dialog = useModalDialog();
  const [tasks, setTasks] = useState<ListTasksOnDelete>('move-to-inbox');
  const n = props.taskCount;
  const them = n === 1 ? 'it' : 'them';
  return (
    <dialog ref={dialog} aria-labelledby="delete-list-heading" onClose={props.onClose}>
      <h2 id="delete-list-heading">Delete “{props.list.name}”?</h2>
      {n === 0 ? (
        <p>The list has no tasks.</p>
      ) : (
        <fieldset>
          <legend>
            It has {n} {n === 1 ? 'task' : 'tasks'}, done ones included.
          </legend>
          <p className="check">
            <input
              id="delete-list-move"
              type="radio"
              name="delete-list-tasks"
              checked={tasks === 'move-to-inbox'}
              onChange={() => setTasks('move-to-inbox')}
            />
            <label htmlFor="delete-list-move">Move {them} to the Inbox</label>
          </p>
          <p className="check">
            <input
              id="delete-list-delete"
              type="radio"
              name="delete-list-tasks"
              checked={tasks === 'delete'}
              onChange={() => setTasks('delete')}
            />
            <label htmlFor="delete-list-delete">Delete {them} too</label>
          </p>
        </fieldset>
      )}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => props.onConfirm(tasks)}>
          Delete list
        </button>
      </div>
    </dialog>
  );
}
