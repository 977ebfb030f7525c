import type { Task } from '@tasklane/shared/domain/task';
import { learnableOf } from './history-example';
import type { FromSuggestionWorker, ToSuggestionWorker } from './suggestion-messages';
import type { TaskSuggestion } from './task-suggester';

export type SuggestionClient = {
  /** Teaches the worker the device's tasks as they are now (it starts afresh). */
  learn(tasks: readonly Task[], timeZone: string): void;
  /** The worker's suggestion for a title; a later call supersedes an earlier one still unanswered (it resolves null). */
  suggest(title: string): Promise<TaskSuggestion | null>;
  close(): void;
};

/** [SG5] The page's side of the suggestion worker. */
export function createSuggestionClient(worker: Worker): SuggestionClient {
  let latest = 0;
  let pending: { requestId: number; resolve: (suggestion: TaskSuggestion | null) => void } | null = null;
  worker.onmessage = (event: MessageEvent<FromSuggestionWorker>) => {
    if (pending?.requestId !== event.data.requestId) return;
    pending.resolve(event.data.suggestion);
    pending = null;
  };
  const send = (message: ToSuggestionWorker) => worker.postMessage(message);
  return {
    learn(tasks, timeZone) {
      send({ kind: 'learn', tasks: tasks.map(learnableOf), timeZone });
    },
    suggest(title) {
      pending?.resolve(null);
      latest += 1;
      const requestId = latest;
      return new Promise((resolve) => {
        pending = { requestId, resolve };
        send({ kind: 'suggest', requestId, title });
      });
    },
    close() {
      pending?.resolve(null);
      pending = null;
      worker.terminate();
    },
  };
}
