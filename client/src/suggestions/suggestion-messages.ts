import type { LearnableTask } from './history-example';
import type { TaskSuggestion } from './task-suggester';

/**
 * What the page sends the suggestion worker: the tasks to learn from and the user's zone (it starts afresh; turning
 * tasks into examples reads each date in the zone, which costs the page's thread too much for thousands of tasks), or
 * a title.
 */
export type ToSuggestionWorker =
  { kind: 'learn'; tasks: LearnableTask[]; timeZone: string } | { kind: 'suggest'; requestId: number; title: string };

/** The worker's answer to one `suggest`. */
export type FromSuggestionWorker = { requestId: number; suggestion: TaskSuggestion };
