/// <reference lib="webworker" />
import type { FromSuggestionWorker, ToSuggestionWorker } from './suggestion-messages';
import { historyExampleOf } from './history-example';
import { TaskSuggester } from './task-suggester';

/**
 * [SG5] The suggestion model lives in a Web Worker: learning from thousands of tasks never holds up typing. It only
 * ever receives the device's own tasks from the page and answers the page; it makes no request of its own.
 */
declare const self: DedicatedWorkerGlobalScope;

let suggester = new TaskSuggester();

self.onmessage = (event: MessageEvent<ToSuggestionWorker>) => {
  const message = event.data;
  if (message.kind === 'learn') {
    suggester = new TaskSuggester();
    for (const task of message.tasks) {
      const example = historyExampleOf(task, message.timeZone);
      if (example) suggester.learn(example);
    }
    return;
  }
  const answer: FromSuggestionWorker = { requestId: message.requestId, suggestion: suggester.suggest(message.title) };
  self.postMessage(answer);
};
