/// <reference lib="WebWorker" />
import { parseReminderPayload, type ReminderPayload } from '@tasklane/shared/protocol/reminder-payload';
import type { Queue } from 'workbox-background-sync';
import { NOTIFICATION_ACTIONS_QUEUED, OPEN_TASK, OPEN_TASK_PARAM, PUSH_SUBSCRIPTION_CHANGED, type WorkerMessage } from './messages';
import type { ActionQueue } from './notification-action-queue';
import { reminderNotification, type NotificationActionName } from './reminder-notification';
import { tokenUserId } from './reminder-push';

/** [WP6] Where a notification's action goes; the action token is the credential (the worker holds no access token). */
export const REMINDER_ACTIONS_PATH = '/api/reminder-actions';

/** What became of an action sent to the server. */
export type ActionOutcome = 'sent' | 'queued' | 'expired' | 'refused';

export type ReminderHandlerDeps = {
  worker: ServiceWorkerGlobalScope;
  /** workbox-background-sync: replays the request when the browser is online again. */
  replay: Pick<Queue, 'pushRequest'>;
  /** The local queue the app applies on its next open. */
  local: ActionQueue;
};

function actionRequest(push: ReminderPayload, action: NotificationActionName): Request {
  return new Request(REMINDER_ACTIONS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: push.actionToken, action }),
    credentials: 'omit',
  });
}

/**
 * [WP4]–[WP6] and [WP2]: the worker's part in reminders. `push` shows the notification; a click opens the task; Done and
 * Snooze go to the server with the notification's token, and when the server cannot be reached they wait in the
 * background-sync queue (replayed by the browser once online) and in the local queue the app applies at once.
 */
export function createReminderHandlers(deps: ReminderHandlerDeps) {
  const { worker } = deps;

  async function tellWindows(message: WorkerMessage): Promise<readonly WindowClient[]> {
    const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) client.postMessage(message);
    return windows;
  }

  async function show(push: ReminderPayload): Promise<void> {
    const { title, options } = reminderNotification(push);
    await worker.registration.showNotification(title, options);
  }

  async function send(push: ReminderPayload, action: NotificationActionName): Promise<ActionOutcome> {
    const request = actionRequest(push, action);
    let status: number | null = null;
    try {
      status = (await fetch(request.clone())).status;
    } catch {
      // offline, or the server is unreachable
    }
    if (status !== null && status >= 200 && status < 300) return 'sent';
    // A 401 is an expired token: the server will not take it, but the user's choice still holds on this device.
    const retry = status === null || status === 429 || status >= 500;
    if (retry) await deps.replay.pushRequest({ request });
    if (!retry && status !== 401) return 'refused';
    await deps.local.record({
      action,
      taskId: push.taskId,
      occurrence: push.occurrence ?? null,
      userId: tokenUserId(push.actionToken),
      at: new Date().toISOString(),
    });
    await tellWindows({ type: NOTIFICATION_ACTIONS_QUEUED });
    return retry ? 'queued' : 'expired';
  }

  async function open(taskId: string): Promise<void> {
    const windows = await tellWindows({ type: OPEN_TASK, taskId });
    const window = windows[0];
    if (!window) {
      await worker.clients.openWindow(`/?${OPEN_TASK_PARAM}=${encodeURIComponent(taskId)}`);
      return;
    }
    // Focusing needs the click's user activation: a click dispatched by a test (or a late one) has none.
    await window.focus().catch(() => undefined);
  }

  return {
    onPush(event: PushEvent): void {
      const push = event.data ? parseReminderPayload(event.data.text()) : null;
      // A push must show something (userVisibleOnly); one this worker cannot read shows a plain reminder.
      event.waitUntil(push ? show(push) : worker.registration.showNotification('Tasklane', { body: 'You have a reminder.' }));
    },

    onNotificationClick(event: NotificationEvent): void {
      const push = parseReminderPayload(JSON.stringify(event.notification.data ?? null));
      event.notification.close();
      if (!push) return;
      const action = event.action;
      if (action === 'done' || action === 'snooze') event.waitUntil(send(push, action));
      else event.waitUntil(open(push.taskId));
    },

    onPushSubscriptionChange(event: PushSubscriptionChangeEvent): void {
      event.waitUntil(resubscribe(event));
    },
  };

  /** [WP2] The browser replaced (or dropped) the subscription: subscribe again with the same key; the app registers it. */
  async function resubscribe(event: PushSubscriptionChangeEvent): Promise<void> {
    const key = event.oldSubscription?.options.applicationServerKey;
    if (!event.newSubscription && key) {
      await worker.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }).catch(() => undefined);
    }
    await tellWindows({ type: PUSH_SUBSCRIPTION_CHANGED });
  }
}
