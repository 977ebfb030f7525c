import type { RxConflictHandler } from 'rxdb/plugins/core';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { mergeList, sameListContent } from '@tasklane/shared/sync/merge-list';
import { toTaskList } from './to-task-list';

/** Same content and same server revision: as for tasks (`sameTaskRevision`), the server's answer to an own write is new. */
export function sameListRevision(a: TaskList, b: TaskList): boolean {
  return (a.seq ?? null) === (b.seq ?? null) && sameListContent(a, b);
}

/** [DM21] The list collection's conflict handler: shared's three-way `mergeList` with RxDB's assumed master state as the base. */
export function createTaskListConflictHandler(): RxConflictHandler<TaskList> {
  return {
    isEqual: (a, b) => sameListRevision(toTaskList(a), toTaskList(b)),
    resolve: ({ newDocumentState, realMasterState, assumedMasterState }) =>
      Promise.resolve(
        mergeList({
          local: toTaskList(newDocumentState),
          master: toTaskList(realMasterState),
          base: assumedMasterState ? toTaskList(assumedMasterState) : undefined,
        }),
      ),
  };
}
