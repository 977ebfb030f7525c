import { instantAfter, laterInstant } from '@tasklane/shared/domain/canonical-instant';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { TaskCommands } from './task-commands';

/** [AS4] Unassigns a list's tasks from someone who has left it; see `createUnassignLeaver`. */
export type UnassignLeaver = (ownerId: string, listId: string, memberId: string, at: string) => Promise<void>;

/** Tasks read per page while unassigning. */
const PAGE = 200;

/**
 * [AS4] Every live task of the list assigned to someone who has left it (left, was removed, or deleted their account) is
 * unassigned by a PATCH of the list's owner dated the removal (or just after the task's last change, when that is
 * later: a write is never dated before the state it replaces), through the REST task path, so every remaining member
 * hears of it as of any write. Run after the removal committed: nobody can assign them again meanwhile ([AS3]); an
 * account deletion also runs it before leaving, so a retried deletion still unassigns. Idempotent: a second run finds
 * nothing. A task deleted meanwhile is left as it is.
 */
export function createUnassignLeaver(tasks: Pick<TaskCommands, 'list' | 'patch'>): UnassignLeaver {
  return async (ownerId, listId, memberId, at) => {
    for (let cursor: string | undefined; ;) {
      const page = await tasks.list(ownerId, { listId, assignee: memberId, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const task of 'tasks' in page ? page.tasks : []) {
        try {
          // Never dated before the task's last change: an earlier updatedAt would hand other fields' merges to older edits.
          await tasks.patch(ownerId, task.id, { assignee: null, updatedAt: laterInstant(at, instantAfter(task.updatedAt)) });
        } catch (error) {
          if (!(error instanceof ProtocolError && error.code === 'NOT_FOUND')) throw error;
        }
      }
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  };
}
