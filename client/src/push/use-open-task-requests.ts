import { useEffect } from 'react';
import { OPEN_TASK, OPEN_TASK_PARAM, workerMessageOf } from '@tasklane/service-worker/src/messages';

/**
 * [WP5] A notification's click opens its task: in an open window by the worker's message, or in the window it opened
 * with `/?task=<id>` (the address goes back to `/` at once, so a reload does not open it again).
 */
export function useOpenTaskRequests(open: (taskId: string) => void): void {
  useEffect(() => {
    const url = new URL(location.href);
    const requested = url.searchParams.get(OPEN_TASK_PARAM);
    if (requested) {
      url.searchParams.delete(OPEN_TASK_PARAM);
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
      open(requested);
    }
    if (!('serviceWorker' in navigator)) return undefined;
    const onMessage = (event: MessageEvent) => {
      const message = workerMessageOf(event.data);
      if (message?.type === OPEN_TASK) open(message.taskId);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, [open]);
}
