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
 * with none of the store's machinery (no feeds, no seqs). Documents are keyed by id alone: the test never writes an
 * id into a second space (its ids are unique, and a write of a document the writer once saw and may no longer see is
 * refused), so while the store agrees with this model every id lives in one space. It changes only when the test
 * applies what the store reported as done.
 */
export function createSharingModel() {
  const lists = new Map<string, ModelList>();
  const tasks = new Map<string, ModelTask>();
  /** Every list each user has ever seen (owned or been a member of): one they see no more is hidden from them ([SH5]). */
  const everSeen = new Map<string, Set<string>>();
  const saw = (userId: string, listId: string) => everSeen.set(userId, (everSeen.get(userId) ?? new Set<string>()).add(listId));
  const lostSightOf = (userId: string, listId: string) => (everSeen.get(userId)?.has(listId) ?? false) && roleOn(userId, listId) === null;
  /** [SH11] The user holds tasks of their own (their space) that name this list id: they cannot join it nor own it. */
  const holdsOwnTasksIn = (userId: string, listId: string) =>
    [...tasks.values()].some((task) => task.space === userId && task.doc.listId === listId);

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
     * Inbox (theirs), a list they see and may write (its owner's space), or a list they do not see (theirs: a list not
     * pushed yet, [LS3], or another account's they never saw, [X1]). A list they no longer see is refused, and so is a
     * task that exists but is not the writer's to see (in this test: always one they once saw).
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
      if (role === null) return lostSightOf(userId, doc.listId) ? 'FORBIDDEN' : { space: userId };
      if (role === 'viewer') return 'FORBIDDEN';
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
      saw(space, doc.id);
      const current = lists.get(doc.id);
      lists.set(doc.id, { space, doc, members: current?.members ?? new Map<string, MemberRole>() });
    },
    /** [SH3] Whether adding (or re-roling) this member changes anything; CONFLICT when they hold own tasks in that id. */
    putMember(listId: string, userId: string, role: MemberRole): boolean | 'CONFLICT' {
      const members = lists.get(listId)!.members;
      if (members.get(userId) === role) return false;
      if (!members.has(userId) && holdsOwnTasksIn(userId, listId)) return 'CONFLICT';
      members.set(userId, role);
      saw(userId, listId);
      return true;
    },
    removeMember: (listId: string, userId: string): boolean => lists.get(listId)!.members.delete(userId),
    /** [SH10] The list and every task of its owner's in it go to the new owner; the former owner stays as an editor. */
    transferOwnership(listId: string, newOwnerId: string): boolean | 'CONFLICT' {
      const list = lists.get(listId)!;
      if (!list.members.has(newOwnerId)) return false;
      if (list.doc._deleted) return false;
      if (holdsOwnTasksIn(newOwnerId, listId)) return 'CONFLICT';
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
