import type { TaskCollection } from '../db/create-task-db';
import type { TaskRepository } from '../db/task-repository';
import { toTask } from '../db/to-task';
import type { TokenSource } from '../session/token-source';
import { createActionQueue } from '@tasklane/service-worker/src/notification-action-queue';
import { NOTIFICATION_ACTIONS_QUEUED, PUSH_SUBSCRIPTION_CHANGED, workerMessageOf } from '@tasklane/service-worker/src/messages';
import type { Task } from '@tasklane/shared/domain/task';
import { applyQueuedActions } from './apply-queued-actions';
import { createPushApi } from './push-api';
import { pushState, pushSupported } from './push-status';
import { setUpPush, tearDownPush } from './push-subscription';

/** The lazy "push" chunk: what the signed-in app does about reminder notifications (docs/client.md). */
export type PushSessionDeps = { tokens: TokenSource; userId: string; repository: TaskRepository; tasks: TaskCollection };

export type PushSession = {
  /** Subscribes and registers once `permission` (asked in the user's click) is granted. */
  enable(permission: Promise<NotificationPermission>): void;
  stop(): void;
};

function actionsLock<T>(run: () => Promise<T>): Promise<T> {
  if (navigator.locks) return navigator.locks.request('tasklane-notification-actions', run);
  return run();
}

export function startPushSession(deps: PushSessionDeps): PushSession {
  const api = createPushApi(deps.tokens);
  let stopped = false;

  const setUp = (permission: Promise<NotificationPermission>) => {
    setUpPush({ api, storage: localStorage, permission }).then(
      (state) => {
        if (!stopped) pushState.set(state);
      },
      // Offline, or the server failed: the next open tries again.
      (error: unknown) => console.warn('Tasklane: reminder notifications could not be set up now', error),
    );
  };

  const applyActions = () => {
    applyQueuedActions({
      queue: createActionQueue(indexedDB),
      repository: deps.repository,
      userId: deps.userId,
      withLock: actionsLock,
      read: async (id) => {
        const doc = await deps.tasks.findOne(id).exec();
        return doc ? toTask(doc.toJSON() as Task) : null;
      },
    }).catch((error: unknown) => console.warn('Tasklane: a notification action could not be applied', error));
  };

  const onMessage = (event: MessageEvent) => {
    const message = workerMessageOf(event.data);
    if (message?.type === NOTIFICATION_ACTIONS_QUEUED) applyActions();
    if (message?.type === PUSH_SUBSCRIPTION_CHANGED) setUp(Promise.resolve(Notification.permission));
  };

  if (pushSupported()) {
    navigator.serviceWorker.addEventListener('message', onMessage);
    applyActions();
    setUp(Promise.resolve(Notification.permission));
  } else {
    pushState.set('unsupported');
  }
  return {
    enable: setUp,
    stop() {
      stopped = true;
      if (pushSupported()) navigator.serviceWorker.removeEventListener('message', onMessage);
    },
  };
}

/** [WP7] Before sign-out ends the session (the DELETE needs its token). */
export async function signOutOfPush(tokens: TokenSource): Promise<void> {
  pushState.set('unknown');
  await tearDownPush({ api: createPushApi(tokens), storage: localStorage });
}
