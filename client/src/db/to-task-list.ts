import type { TaskList } from '@tasklane/shared/domain/task-list';

/** The replicated fields of a stored list, in the server's key order (`TASK_LIST_KEYS`), without RxDB's own fields. */
export function toTaskList(doc: TaskList | (TaskList & Record<string, unknown>)): TaskList {
  const list: TaskList = {
    id: doc.id,
    name: doc.name,
    colour: doc.colour,
    order: doc.order,
    archived: doc.archived,
    inbox: doc.inbox,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    _deleted: Boolean(doc._deleted),
  };
  if (typeof doc.seq === 'number') list.seq = doc.seq;
  return list;
}
