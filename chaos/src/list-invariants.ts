import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';

/**
 * [CL2] What the lists of one user must be after healing (docs/reliability.md): the Inbox exists exactly once,
 * is the only list marked `inbox`, and is neither archived nor deleted; every task, tombstones included, names the
 * Inbox or a list the user holds — live or deleted, since list tombstones are kept and the app moves tasks only into
 * lists it holds. A live task in a deleted list is allowed (a move concurrent with the delete; it shows in the Inbox,
 * [NV3]). Returns one line per violation.
 */
export function findListViolations(
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
  finalListsByUser: ReadonlyMap<string, readonly TaskList[]>,
): string[] {
  const violations: string[] = [];
  for (const [userId, lists] of finalListsByUser) {
    const inboxes = lists.filter((list) => list.id === INBOX_LIST_ID);
    const inbox = inboxes[0];
    if (inboxes.length !== 1) violations.push(`${userId}: ${inboxes.length} Inbox documents, not one`);
    else if (!inbox!.inbox || inbox!.archived || inbox!._deleted)
      violations.push(`${userId}: the Inbox is ${inbox!._deleted ? 'deleted' : inbox!.archived ? 'archived' : 'not marked inbox'}`);
    for (const list of lists)
      if (list.inbox && list.id !== INBOX_LIST_ID) violations.push(`${userId}: list ${list.id} is marked inbox but is not the Inbox`);
    const held = new Set(lists.map((list) => list.id));
    for (const task of finalByUser.get(userId)?.values() ?? [])
      if (task.listId !== INBOX_LIST_ID && !held.has(task.listId))
        violations.push(`${userId}/${task.id}: in list ${task.listId}, which the user never held`);
  }
  return violations;
}

/** For the summary: live tasks whose list was deleted (shown in the Inbox), over every user. */
export function tasksInDeletedLists(
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
  finalListsByUser: ReadonlyMap<string, readonly TaskList[]>,
): number {
  let count = 0;
  for (const [userId, tasks] of finalByUser) {
    const deleted = new Set((finalListsByUser.get(userId) ?? []).filter((list) => list._deleted).map((list) => list.id));
    for (const task of tasks.values()) if (!task._deleted && deleted.has(task.listId)) count += 1;
  }
  return count;
}
