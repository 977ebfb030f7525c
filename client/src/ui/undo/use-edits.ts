import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import type { Due } from '@tasklane/shared/domain/due';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskRepository } from '../../db/task-repository';
import type { ReorderRequest } from '../reorder/reorderable-task-list';
import { describeDue } from '../tasks/due-date';
import { createUndoableEdits } from './undoable-edits';
import { createUndoStack } from './undo-stack';

/** The tasks last shown, by id, read by the row handlers outside render (so the handlers stay the same across renders). */
function createTaskLookup() {
  let byId = new Map<string, Task>();
  return {
    show: (tasks: readonly Task[]) => {
      byId = new Map(tasks.map((task) => [task.id, task]));
    },
    get: (id: string) => byId.get(id),
  };
}

/**
 * The screen's editing state: the undoable edits over the repository, the undo stack, stable row handlers, and what
 * the polite live region says (a repeated message is still announced: it alternates a trailing no-break space).
 */
export function useEdits(
  repository: TaskRepository,
  tasks: readonly Task[],
  timeZone: string,
  run: (action: () => Promise<unknown>) => Promise<void>,
) {
  const [stack] = useState(createUndoStack);
  const [lookup] = useState(createTaskLookup);
  useLayoutEffect(() => lookup.show(tasks), [lookup, tasks]);
  const [announcement, setAnnouncement] = useState({ text: '', count: 0 });
  const announce = useCallback((text: string) => setAnnouncement((current) => ({ text, count: current.count + 1 })), []);
  const edits = useMemo(
    () => createUndoableEdits(repository, stack, { announce, describeDue: (due: Due) => describeDue(due, new Date(), timeZone).text }),
    [repository, stack, announce, timeZone],
  );
  const undo = useCallback(
    () =>
      void run(async () => {
        const entry = await stack.undoLatest();
        if (entry) announce(`Undone: ${entry.label}.`);
      }),
    [run, stack, announce],
  );
  const onToggle = useCallback(
    (id: string) => {
      const task = lookup.get(id);
      if (task) void run(() => edits.toggleComplete(task));
    },
    [lookup, run, edits],
  );
  const onDelete = useCallback(
    (id: string) => {
      const task = lookup.get(id);
      if (task) void run(() => edits.remove(task));
    },
    [lookup, run, edits],
  );
  const onReorder = useCallback(
    ({ task, siblings, position, spoken }: ReorderRequest) => void run(() => edits.reorder(task, siblings, position, spoken)),
    [run, edits],
  );
  const spoken = announcement.text + (announcement.count % 2 === 1 ? '\u00a0' : '');
  return { edits, stack, undo, onToggle, onDelete, onReorder, announcement: spoken };
}
