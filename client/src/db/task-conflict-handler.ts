import type { RxConflictHandler } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import { mergeTask, sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { PushJournal } from '../sync/push-journal';
import { toTask } from './to-task';

/**
 * Equal for replication purposes: same content AND same server revision.
 * RxDB uses `isEqual` to decide whether a pulled master state is new; if it
 * ignored `seq`, the server's answer to the device's own write (same content,
 * new `seq`) would be dropped, the device would keep pushing with an outdated
 * `assumedMasterState`, and every later edit of the task would conflict
 * (docs/protocol.md [D2]). Found by the chaos harness (seed 101, [CC1]).
 */
export function sameTaskRevision(a: Task, b: Task): boolean {
  return (a.seq ?? null) === (b.seq ?? null) && sameTaskContent(a, b);
}

/**
 * RxDB conflict handler: the field-level three-way merge from `shared/`, so an
 * offline edit of one field survives a concurrent edit of another. The merge
 * also gets what this device pushed without seeing the acknowledgement
 * (docs/protocol.md [LE1]), so an undo after a lost acknowledgement survives.
 */
export function createTaskConflictHandler(journal: Pick<PushJournal, 'pushedStatesOf'>): RxConflictHandler<Task> {
  return {
    isEqual: (a, b) => sameTaskRevision(toTask(a), toTask(b)),
    async resolve({ newDocumentState, realMasterState, assumedMasterState }) {
      const master = toTask(realMasterState);
      return mergeTask({
        local: toTask(newDocumentState),
        master,
        base: assumedMasterState ? toTask(assumedMasterState) : undefined,
        pushed: await journal.pushedStatesOf(master.id),
      }).merged;
    },
  };
}
