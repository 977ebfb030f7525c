import { compareOrdered, planInsert, planMove } from '@tasklane/shared/domain/order-key';
import { INBOX_LIST_ID, type ListColour, type TaskList } from '@tasklane/shared/domain/task-list';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import type { TaskCollection, TaskListCollection } from './create-task-db';
import { checkedList, InvalidDocumentError } from './document-checks';
import type { TaskRepository } from './task-repository';
import type { Task } from '@tasklane/shared/domain/task';
import { toTask } from './to-task';
import { toTaskList } from './to-task-list';
import { undoAll, type Undo } from './undo';

export type ListDraft = { name: string; colour?: ListColour };

/** What happens to the tasks of a list that is deleted ([CM9]). */
export type TasksOfDeletedList = 'move-to-inbox' | 'delete';

/**
 * The list writes of the UI; every mutation returns its `Undo`. Bad input (a blank or long name, an unknown colour,
 * archiving or deleting the Inbox) rejects with `InvalidDocumentError` and writes nothing.
 */
export type ListRepository = {
  /** A new list, last among the lists. */
  create(draft: ListDraft): Promise<TaskList>;
  rename(id: string, name: string): Promise<Undo>;
  recolour(id: string, colour: ListColour): Promise<Undo>;
  /** To `position` among the other lists (the Inbox, always shown first, not counted). */
  reorder(id: string, position: number): Promise<Undo>;
  /** Archives (or, with `false`, unarchives) a list. */
  archive(id: string, archived?: boolean): Promise<Undo>;
  /** Moves its tasks to the Inbox or deletes them (as task writes), then deletes the list. */
  remove(id: string, tasksGo: TasksOfDeletedList): Promise<Undo>;
};

const EDITABLE = ['name', 'colour', 'order', 'archived', '_deleted'] as const;

/**
 * [CM9] Every local write of a list, through RxDB like the tasks' ([DM18], [DM21]); each returns its `Undo`, which sets
 * back only the fields it changed. Positions count the lists other than the Inbox (which the app shows first) that are
 * not deleted, archived ones included. The Inbox can be renamed and recoloured, never archived or deleted.
 */
export function createListRepository(
  deps: { lists: TaskListCollection; tasks: TaskCollection; taskRepository: TaskRepository },
  now: () => Date = () => new Date(),
  newId: () => string = newTaskId,
): ListRepository {
  const { lists, tasks, taskRepository } = deps;
  const stamp = () => now().toISOString();

  async function siblings(): Promise<TaskList[]> {
    const docs = await lists.find().exec();
    return docs
      .map((doc) => toTaskList(doc.toJSON() as TaskList))
      .filter((list) => list.id !== INBOX_LIST_ID)
      .sort(compareOrdered);
  }

  /** One list write: the change on the current state, stamped, checked; returns its undo. */
  async function write(id: string, change: (current: TaskList) => TaskList): Promise<Undo> {
    const doc = await lists.findOne(id).exec();
    if (!doc) throw new Error(`list ${id} does not exist (or was deleted)`);
    let before: TaskList | undefined;
    let after: TaskList | undefined;
    await doc.incrementalModify((data) => {
      before = toTaskList(data);
      after = checkedList({ ...change(before), id: before.id, inbox: before.inbox, createdAt: before.createdAt, updatedAt: stamp() });
      return { ...data, ...after };
    });
    return async () => {
      const revert = (current: TaskList) => {
        const next = { ...current };
        for (const field of EDITABLE) if (before![field] !== after![field]) (next as Record<string, unknown>)[field] = before![field];
        return next;
      };
      if (after!._deleted) await restoreList(before!, revert);
      else await write(id, revert);
    };
  }

  async function restoreList(before: TaskList, revert: (current: TaskList) => TaskList): Promise<void> {
    const [stored] = await lists.storageInstance.findDocumentsById([before.id], true);
    const current = stored ? toTaskList(stored) : before;
    const { _deleted, seq: _seq, ...content } = checkedList({ ...revert(current), _deleted: false, updatedAt: stamp() });
    await lists.upsert(content);
  }

  async function orderOf(id: string, position: number): Promise<Undo> {
    const plan = planMove(await siblings(), id, position);
    const undos: Undo[] = [];
    for (const sibling of plan.rekeyed) undos.push(await write(sibling.id, (list) => ({ ...list, order: sibling.order })));
    undos.push(await write(id, (list) => ({ ...list, order: plan.key })));
    return undoAll(undos);
  }

  function refuseForInbox(id: string, what: string): void {
    if (id === INBOX_LIST_ID) throw new InvalidDocumentError('list', [`${what}: the Inbox cannot be ${what}`]);
  }

  return {
    /** A new list, last among the lists. */
    async create(draft: ListDraft): Promise<TaskList> {
      const others = await siblings();
      const plan = planInsert(others, others.length);
      for (const sibling of plan.rekeyed) await write(sibling.id, (list) => ({ ...list, order: sibling.order }));
      const at = stamp();
      const list = checkedList({
        id: newId(),
        name: draft.name.trim(),
        colour: draft.colour ?? 'grey',
        order: plan.key,
        archived: false,
        inbox: false,
        createdAt: at,
        updatedAt: at,
        _deleted: false,
      });
      const { _deleted, ...insertable } = list;
      await lists.insert(insertable as TaskList);
      return list;
    },

    rename: (id: string, name: string): Promise<Undo> => write(id, (list) => ({ ...list, name: name.trim() })),

    recolour: (id: string, colour: ListColour): Promise<Undo> => write(id, (list) => ({ ...list, colour })),

    /** To `position` among the other lists (the Inbox not counted). */
    async reorder(id: string, position: number): Promise<Undo> {
      refuseForInbox(id, 'reordered');
      return orderOf(id, position);
    },

    async archive(id: string, archived = true): Promise<Undo> {
      refuseForInbox(id, 'archived');
      return write(id, (list) => ({ ...list, archived }));
    },

    /**
     * Deletes a list: first its tasks, as ordinary task writes — moved to the Inbox or deleted — then the list's
     * tombstone (data-model-v2.md §2). The undo brings the list back, then its tasks where they were.
     */
    async remove(id: string, tasksGo: TasksOfDeletedList): Promise<Undo> {
      refuseForInbox(id, 'deleted');
      const own = (await tasks.find({ selector: { listId: id } }).exec()).map((doc) => toTask(doc.toJSON() as Task));
      const undos: Undo[] = [];
      for (const task of own) {
        if (tasksGo === 'delete') {
          const removed = await taskRepository.remove(task.id);
          undos.push(() => taskRepository.restore(removed));
        } else {
          undos.push(await taskRepository.moveToList(task.id, INBOX_LIST_ID));
        }
      }
      const listUndo = await write(id, (list) => ({ ...list, _deleted: true }));
      return undoAll([...undos, listUndo]);
    },
  };
}
