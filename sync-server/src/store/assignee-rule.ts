import type { Task } from '@tasklane/shared/domain/task';

/**
 * [AS3] Whether a write must have its assignee checked: it names someone the stored document does not already hold (a
 * new document: anyone). Unassigning never is, and an assignee kept as it was is never checked again, so a task
 * assigned to someone who has since left stays editable.
 */
export function assigneeToCheck(stored: Pick<Task, 'assignee'> | null, next: Pick<Task, 'assignee'>): string | null {
  if (next.assignee === null || next.assignee === (stored?.assignee ?? null)) return null;
  return next.assignee;
}
