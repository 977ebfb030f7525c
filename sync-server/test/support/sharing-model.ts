import type { MemberRole, ListRole } from '@tasklane/shared/domain/list-sharing';
import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';

export type TaskContent = Omit<Task, 'seq'>;
export type ListContent = Omit<TaskList, 'seq'>;

type ModelList = { space: string; doc: ListContent; members: Map<string, MemberRole> };
type ModelTask = { space: string; doc: TaskContent };

/** Where a permitted write lands (its space), or the refusal the rules demand. */
export type ModelWrite = { space: string } | 'FORBIDDEN';

/**
 * The oracle of the sharing property test ([SH1]): who may see and write what, said as plainly as the rules say it,
 * with none of the store's machinery (no feeds, no seqs). Documents are keyed by id alone: a write that could give an
 * id a second space (one the writer cannot see) must be refused, so while the store agrees with this model every id
 * lives in one space. It changes only when the test applies what the store reported as done.
 */
export function createSharingModel() {
  const lists = new Map<string, ModelList>();
  const tasks = new Map<string, ModelTask>();

  function roleOn(userId: string, listId: string): ListRole | null {
    const list = lists.get(listId);
    if (!list) return null;
    if (list.space === userId) return 'owner';
    return list.members.get(userId) ?? null;
  }

  const seesList = (userId: string, listId: string) => roleOn(userId, listId) !== null;

  /** A task is its space's, and, when it is in a list of that space, that list's members' too; the Inbox is never shared. */
  function seesTask(userId: string, task: ModelTask): boolean {
    if (task.space === userId) return true;
    if (task.doc.listId === INBOX_LIST_ID) return false;
    const list = lists.get(task.doc.listId);
    return list !== undefined && list.space === task.space && list.members.has(userId);
  }

  function visibleTask(userId: string, id: string): TaskContent | null {
    const task = tasks.get(id);
    return task && seesTask(userId, task) ? task.doc : null;
  }

  function visibleList(userId: string, id: string): ListContent | null {
    const list = lists.get(id);
    return list && seesList(userId, id) ? list.doc : null;
  }

  const liveOf = <D extends { id: string; _deleted: boolean }>(docs: Iterable<D>) =>
    Object.fromEntries([...docs].filter((doc) => !doc._deleted).map((doc) => [doc.id, doc]));

  return {
    roleOn,
    seesList,
    visibleTask,
    visibleList,
    /** Ids of every task or list the model knows, in creation order. */
    taskIds: () => [...tasks.keys()],
    listIds: () => [...lists.keys()],
    listOwner: (listId: string) => lists.get(listId)?.space ?? null,
    memberIds: (listId: string): string[] => [...(lists.get(listId)?.members.keys() ?? [])].sort(),
    visibleLiveTasks: (userId: string) => liveOf([...tasks.values()].filter((task) => seesTask(userId, task)).map((task) => task.doc)),
    visibleLiveLists: (userId: string) => liveOf([...lists.keys()].filter((id) => seesList(userId, id)).map((id) => lists.get(id)!.doc)),

    /**
     * [SH2] [SH4] A task write: the writer must see the task it changes and not be a viewer of its list; it goes to the
     * Inbox (theirs), a list they see and may write (its owner's space), or a list no one has (theirs, [LS3]). A list
     * or a task that exists but is not the writer's to see (never seen, or no longer) is refused.
     */
    taskWrite(userId: string, doc: TaskContent): ModelWrite {
      const current = tasks.get(doc.id);
      if (current) {
        if (!seesTask(userId, current)) return 'FORBIDDEN';
        if (current.space !== userId && roleOn(userId, current.doc.listId) === 'viewer') return 'FORBIDDEN';
      }
      if (doc.listId === INBOX_LIST_ID) return { space: userId };
      const target = lists.get(doc.listId);
      if (!target) return { space: userId };
      const role = roleOn(userId, doc.listId);
      if (role === null || role === 'viewer') return 'FORBIDDEN';
      return { space: target.space };
    },
    /** [SH2] Only its owner writes a list; a new id is the writer's. */
    listWrite(userId: string, doc: ListContent): ModelWrite {
      const current = lists.get(doc.id);
      return current && current.space !== userId ? 'FORBIDDEN' : { space: userId };
    },
    putTask(space: string, doc: TaskContent) {
      tasks.set(doc.id, { space, doc });
    },
    putList(space: string, doc: ListContent) {
      const current = lists.get(doc.id);
      lists.set(doc.id, { space, doc, members: current?.members ?? new Map<string, MemberRole>() });
    },
    /** [SH3] Whether adding (or re-roling) this member changes anything. */
    putMember(listId: string, userId: string, role: MemberRole): boolean {
      const members = lists.get(listId)!.members;
      if (members.get(userId) === role) return false;
      members.set(userId, role);
      return true;
    },
    removeMember: (listId: string, userId: string): boolean => lists.get(listId)!.members.delete(userId),
    /** [SH10] The list and every task of its owner's in it go to the new owner; the former owner stays as an editor. */
    transferOwnership(listId: string, newOwnerId: string): boolean {
      const list = lists.get(listId)!;
      if (!list.members.has(newOwnerId)) return false;
      for (const task of tasks.values()) {
        if (task.space === list.space && task.doc.listId === listId) task.space = newOwnerId;
      }
      list.members.delete(newOwnerId);
      list.members.set(list.space, 'editor');
      list.space = newOwnerId;
      return true;
    },
  };
}

export type SharingModel = ReturnType<typeof createSharingModel>;
