import { createSuggestionClient, type SuggestionClient } from './suggestion-client';

/**
 * The worker, bundled as its own file by webpack (`new URL(…, import.meta.url)`); null where workers are missing. Apart
 * from the client so that code running under Jest (no `import.meta`) never imports it.
 */
export function startSuggestionWorker(): SuggestionClient | null {
  if (typeof Worker === 'undefined') return null;
  return createSuggestionClient(new Worker(new URL('./suggestion-worker.ts', import.meta.url), { name: 'suggestion-model' }));
}
