import type { StoredTask } from '@tasklane/shared/domain/task';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import type { PatchTaskInput } from '@tasklane/shared/domain/task-input';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';
import { canonicalTaskState } from '../sync/canonical-task';
import { createListGuard } from '../sync/list-guard';
import { throwIfRefused } from '../sync/refused-rows';
import { patchedTask } from '../sync/rest-task-edits';
import type { SyncService } from '../sync/sync-service';

export type RevisionedPatch = { task: StoredTask; conflict: false } | { current: StoredTask; conflict: true };

export type TaskRevisions = {
  /**
   * [GQ5] A patch that lands only on revision `expectedRevision` of the task: one push row whose `assumedMasterState`
   * is that revision, decided as sync decides it ([W3], [W4]). A task that has moved on is a conflict carrying the
   * current task, and nothing is written.
   */
  patchAt(userId: string, id: string, patch: PatchTaskInput, expectedRevision: number): Promise<RevisionedPatch>;
};

/** The write of REST's PATCH ([T1], [T3]), without its retry: the caller named the revision the patch is meant for. */
export function createTaskRevisions(deps: { store: Store; sync: SyncService; now?: () => string }): TaskRevisions {
  const now = deps.now ?? (() => new Date().toISOString());
  const lists = createListGuard(deps.store);

  async function live(userId: string, id: string): Promise<StoredTask> {
    const task = await deps.store.getTask(userId, id);
    if (!task || task._deleted) throw new ProtocolError('NOT_FOUND', `no task with id "${id}"`);
    return task;
  }

  async function checkWritable(userId: string, listId: string): Promise<void> {
    if (listId === INBOX_LIST_ID) return;
    const access = await deps.store.listAccess(userId, listId);
    if (access?.role === 'viewer') throw new ProtocolError('FORBIDDEN', 'no access: the list is shared with this account to view only');
  }

  return {
    async patchAt(userId, id, patch, expectedRevision) {
      await lists.checkUsable(userId, patch.listId);
      const current = await live(userId, id);
      // [GQ5] A viewer's write is FORBIDDEN whatever revision it names, as the push below would answer ([SH2]).
      await checkWritable(userId, current.listId);
      if (patch.listId !== undefined) await checkWritable(userId, patch.listId);
      if (current.seq !== expectedRevision) return { current, conflict: true };
      const next = parseMessage(
        taskSchema,
        canonicalTaskState(patchedTask(current, patch, now(), { newItemId: () => newTaskId() })),
        'task',
      );
      const outcome = await deps.sync.push(userId, { rows: [{ newDocumentState: next, assumedMasterState: current }] });
      throwIfRefused(outcome);
      const [conflict] = outcome.conflicts;
      if (conflict) {
        if (conflict._deleted) throw new ProtocolError('NOT_FOUND', `no task with id "${id}"`);
        return { current: conflict, conflict: true };
      }
      return { task: await live(userId, id), conflict: false };
    },
  };
}
