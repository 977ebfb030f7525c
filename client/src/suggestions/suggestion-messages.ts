import type { HistoryExample } from './history-example';
import type { TaskSuggestion } from './task-suggester';

/** What the page sends the suggestion worker: the whole history to learn from (it starts afresh), or a title. */
export type ToSuggestionWorker = { kind: 'learn'; examples: HistoryExample[] } | { kind: 'suggest'; requestId: number; title: string };

/** The worker's answer to one `suggest`. */
export type FromSuggestionWorker = { requestId: number; suggestion: TaskSuggestion };
