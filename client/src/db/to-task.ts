import type { Task } from '@tasklane/shared/domain/task';

/**
 * The replicated fields of a stored document, in the server's key order (`TASK_KEYS`), without RxDB's own (`_rev`,
 * `_meta`, `_attachments`): the server accepts exactly the task schema. Written out rather than read from `TASK_KEYS`,
 * which lives next to the zod schema.
 */
export function toTask(doc: Task | (Task & Record<string, unknown>)): Task {
  const task: Task = {
    id: doc.id,
    title: doc.title,
    description: doc.description,
    status: doc.status,
    priority: doc.priority,
    listId: doc.listId,
    // A document an older app wrote before its migration ran has none ([AS2]).
    assignee: doc.assignee ?? null,
    due: doc.due,
    recurrence: doc.recurrence,
    recurrenceEditedAt: doc.recurrenceEditedAt,
    occurrence: doc.occurrence,
    completions: doc.completions ? [...doc.completions] : [],
    checklist: doc.checklist,
    // A document an older app wrote before its migration ran has none ([RM6]).
    reminders: doc.reminders ?? [],
    order: doc.order,
    tags: [...doc.tags],
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedAt: doc.completedAt,
    _deleted: Boolean(doc._deleted),
  };
  if (typeof doc.seq === 'number') task.seq = doc.seq;
  return task;
}
