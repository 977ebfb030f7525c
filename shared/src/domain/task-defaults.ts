import type { Task } from './task';
import type { TaskStatus } from './task-fields';
import { INBOX_LIST_ID } from './task-list';

/** `completedAt` follows `status`: set when it becomes done, cleared when it leaves done. */
export function completedAtFor(status: TaskStatus, previous: string | null, now: string): string | null {
  if (status !== 'done') return null;
  return previous ?? now;
}

/**
 * `completedAt` is derived from `status` (docs/protocol.md [D4]): null unless done; a done task without one
 * completed at its own `updatedAt`. Pure, so a retried write derives the same value and stays idempotent.
 */
export function withDerivedCompletedAt<T extends Task>(task: T): T {
  const completedAt = completedAtFor(task.status, task.completedAt, task.updatedAt);
  return completedAt === task.completedAt ? task : { ...task, completedAt };
}

/** The fields of a new task that say nothing yet: Inbox, no due, no series, no checklist, no reminders, nobody assigned, not placed by hand. */
export type NewTaskFields = Pick<Task, 'id' | 'title' | 'createdAt' | 'updatedAt'> & Partial<Task>;

/** A new task with every omitted field at its default (docs/protocol.md [T2]); the id, title and times are the caller's. */
export function newTask(fields: NewTaskFields): Task {
  return withDerivedCompletedAt({
    id: fields.id,
    title: fields.title,
    description: fields.description ?? '',
    status: fields.status ?? 'todo',
    priority: fields.priority ?? 'medium',
    listId: fields.listId ?? INBOX_LIST_ID,
    assignee: fields.assignee ?? null,
    due: fields.due ?? null,
    recurrence: fields.recurrence ?? null,
    recurrenceEditedAt: fields.recurrenceEditedAt ?? null,
    occurrence: fields.occurrence ?? 0,
    completions: fields.completions ?? [],
    checklist: fields.checklist ?? [],
    reminders: fields.reminders ?? [],
    order: fields.order ?? null,
    tags: fields.tags ?? [],
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt,
    completedAt: fields.completedAt ?? null,
    _deleted: fields._deleted ?? false,
  });
}
