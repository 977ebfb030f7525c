import { useEffect, useState } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import type { SuggestionClient } from '../../suggestions/suggestion-client';

/** How long the tasks must stay unchanged before the worker learns them again (a burst of sync writes teaches once). */
const LEARN_AFTER_MS = 2000;

/**
 * [SG5] The suggestion worker of this screen: started on the first render, taught the device's tasks whenever they
 * settle, stopped with the screen. Null until it runs (and where workers are missing).
 */
export function useSuggestions(tasks: readonly Task[], timeZone: string): SuggestionClient | null {
  const [client, setClient] = useState<SuggestionClient | null>(null);
  useEffect(() => {
    let started: SuggestionClient | null = null;
    let cancelled = false;
    void import(/* webpackChunkName: "suggestions" */ '../../suggestions/start-suggestion-worker').then(({ startSuggestionWorker }) => {
      if (cancelled) return;
      started = startSuggestionWorker();
      setClient(started);
    });
    return () => {
      cancelled = true;
      started?.close();
    };
  }, []);
  useEffect(() => {
    if (!client) return undefined;
    const timer = setTimeout(() => client.learn(tasks, timeZone), LEARN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [client, tasks, timeZone]);
  return client;
}
