/** The page asks a waiting service worker to take over ("new version available — reload"). */
export const SKIP_WAITING = 'SKIP_WAITING';

export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === SKIP_WAITING;
}

/** [WP5] Worker → page: a notification was clicked; open this task. */
export const OPEN_TASK = 'OPEN_TASK';
/** [WP6] Worker → page: a notification action waits in the local queue; apply it now. */
export const NOTIFICATION_ACTIONS_QUEUED = 'NOTIFICATION_ACTIONS_QUEUED';
/** [WP2] Worker → page: the browser replaced the push subscription; register the new one. */
export const PUSH_SUBSCRIPTION_CHANGED = 'PUSH_SUBSCRIPTION_CHANGED';

export type WorkerMessage =
  { type: typeof OPEN_TASK; taskId: string } | { type: typeof NOTIFICATION_ACTIONS_QUEUED } | { type: typeof PUSH_SUBSCRIPTION_CHANGED };

export function workerMessageOf(data: unknown): WorkerMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, taskId } = data as { type?: unknown; taskId?: unknown };
  if (type === OPEN_TASK) return typeof taskId === 'string' ? { type, taskId } : null;
  if (type === NOTIFICATION_ACTIONS_QUEUED || type === PUSH_SUBSCRIPTION_CHANGED) return { type };
  return null;
}

/** [WP5] The address a notification opens when no window of the app is open: the app takes `?task=` on start. */
export const OPEN_TASK_PARAM = 'task';
