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

/** What of a task the suggester learns from: all the page sends the worker. */
export type LearnableTask = Pick<Task, 'title' | 'listId' | 'tags' | 'priority' | 'due' | 'createdAt' | '_deleted'>;

/** The fields of a task the worker needs, and no more (a structured clone of each task crosses to the worker). */
export function learnableOf(task: Task): LearnableTask {
  const { title, listId, tags, priority, due, createdAt, _deleted } = task;
  return { title, listId, tags, priority, due, createdAt, _deleted };
}

/** [SG1] A task as a history example (deleted tasks teach nothing: the user took them back). */
export function historyExampleOf(task: LearnableTask, timeZone: string): HistoryExample | null {
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
