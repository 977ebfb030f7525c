import { isTimedDue } from '@tasklane/shared/domain/due';
import type { StoredTask } from '@tasklane/shared/domain/task';

/** [NT15] What the service worker receives (encrypted): enough to show the notification and act on it. */
export type ReminderPayload = {
  taskId: string;
  title: string;
  /** The due instant, or the due date (`YYYY-MM-DD`) of a date-only due, or null. */
  dueAt: string | null;
  reminderId: string;
  fireAt: string;
  /** The occurrence of a recurring task the reminder is for. */
  occurrence?: number;
  actionToken: string;
};

export function reminderPayload(task: StoredTask, fire: { reminderId: string; fireAt: string }, actionToken: string): ReminderPayload {
  const dueAt = task.due === null ? null : isTimedDue(task.due) ? task.due.at : task.due.date;
  return {
    taskId: task.id,
    title: task.title,
    dueAt,
    reminderId: fire.reminderId,
    fireAt: fire.fireAt,
    ...(task.recurrence === null ? {} : { occurrence: task.occurrence }),
    actionToken,
  };
}
