import type { RxConflictHandler } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import { mergeTask, sameTaskContent } from '@tasklane/shared/sync/merge-task';
import { toTask } from './to-task';

/**
 * RxDB conflict handler: the field-level three-way merge from `shared/`, so an
 * offline edit of one field survives a concurrent edit of another.
 */
export const taskConflictHandler: RxConflictHandler<Task> = {
  isEqual: (a, b) => sameTaskContent(toTask(a), toTask(b)),
  resolve: async ({ newDocumentState, realMasterState, assumedMasterState }) =>
    mergeTask({
      local: toTask(newDocumentState),
      master: toTask(realMasterState),
      base: assumedMasterState ? toTask(assumedMasterState) : undefined,
    }).merged,
};
