import { epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { dayOf, localDateOf } from '@tasklane/shared/domain/due';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskPriority } from '@tasklane/shared/domain/task-fields';

/** What the suggester learns from one task the user wrote: its title and what they gave it. */
export type HistoryExample = {
  title: string;
  listId: string;
  tags: readonly string[];
  priority: TaskPriority;
  /** Days from the day it was created to the day it was due, in the user's zone; null when it had no due. */
  dueInDays: number | null;
};

/** [SG1] A task as a history example (deleted tasks teach nothing: the user took them back). */
export function historyExampleOf(task: Task, timeZone: string): HistoryExample | null {
  if (task._deleted) return null;
  const createdDay = epochDayOfDate(localDateOf(Date.parse(task.createdAt), timeZone));
  return {
    title: task.title,
    listId: task.listId,
    tags: task.tags,
    priority: task.priority,
    dueInDays: task.due === null ? null : epochDayOfDate(dayOf(task.due, timeZone)) - createdDay,
  };
}
