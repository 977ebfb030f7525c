import { isTimedDue } from '@tasklane/shared/domain/due';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ReminderPayload } from '@tasklane/shared/protocol/reminder-payload';

/** [NT15] The payload of a reminder's push for `task`'s fire, with the action token its Done and Snooze carry. */
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
