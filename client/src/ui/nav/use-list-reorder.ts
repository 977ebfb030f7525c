import { useCallback } from 'react';
import type { UndoStack } from '../undo/undo-stack';
import { quoted } from '../undo/undoable-edits';
import type { ListMove } from './list-move';
import type { ListsPort } from './ports';

/** [LO2] A list move as an undoable edit: one order key written, and its undo on the screen's stack (toast, Ctrl+Z). */
export function useListReorder(lists: ListsPort, stack: UndoStack, run: (action: () => Promise<unknown>) => Promise<void>) {
  return useCallback(
    ({ list, position }: ListMove) =>
      void run(async () => stack.push({ label: `Moved list ${quoted(list.name)}`, undo: await lists.reorder(list.id, position) })),
    [lists, stack, run],
  );
}
