import type { Task } from '@tasklane/shared/domain/task';

/**
 * [AS3] Whether a write must have its assignee checked: it names someone the stored document does not already hold (a
 * new document: anyone), or it moves a task that keeps its assignee into another list, where that person may not edit.
 * Unassigning never is, and an assignee kept where it was is never checked again, so a task assigned to someone who has
 * since left stays editable.
 */
export function assigneeToCheck(stored: Pick<Task, 'assignee' | 'listId'> | null, next: Pick<Task, 'assignee' | 'listId'>): string | null {
  if (next.assignee === null) return null;
  if (stored && next.assignee === stored.assignee && next.listId === stored.listId) return null;
  return next.assignee;
}
