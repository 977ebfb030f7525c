import type { Task } from '@tasklane/shared/domain/task';
import type { ActionQueue, QueuedAction } from '@tasklane/service-worker/src/notification-action-queue';
import type { TaskRepository } from '../db/task-repository';
import { snoozeApplies, snoozedReminders } from '@tasklane/shared/domain/snooze';

/** An entry of another account waits for its user this long (a day past the action token's life), then goes. */
const FOREIGN_ENTRY_MS = 2 * 24 * 3600_000;

export type QueuedActionDeps = {
  queue: ActionQueue;
  repository: Pick<TaskRepository, 'complete' | 'update'>;
  /** The stored task, or null when this device has none (not synced yet, deleted). */
  read(id: string): Promise<Task | null>;
  userId: string;
  /** Serialises the appliers of every tab (Web Locks in the browser). */
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
  now?: () => number;
};

/** [WP6] Done pinned to the occurrence the reminder fired for, as the server's ([LR15]): once it is complete, nothing more. */
function donePinned(task: Task, entry: QueuedAction): boolean {
  if (task.status === 'done') return false;
  return entry.occurrence === null ? task.recurrence === null : task.recurrence !== null && task.occurrence === entry.occurrence;
}

/**
 * [WP6] Applies the notification actions the service worker could not send, through the task repository (so they sync
 * like any edit). Idempotent: a Done is pinned to its occurrence and a Snooze sets the one snooze reminder, so an entry
 * applied twice (two tabs, or the server's own replay as well) changes nothing more.
 */
export async function applyQueuedActions(deps: QueuedActionDeps): Promise<number> {
  const withLock = deps.withLock ?? ((run) => run());
  const now = deps.now ?? Date.now;
  return withLock(async () => {
    let applied = 0;
    for (const entry of await deps.queue.list()) {
      if (entry.id === undefined) continue;
      if (entry.userId !== deps.userId) {
        if (now() - Date.parse(entry.at) > FOREIGN_ENTRY_MS) await deps.queue.remove(entry.id);
        continue;
      }
      const task = await deps.read(entry.taskId);
      if (task && entry.action === 'done' && donePinned(task, entry)) {
        await deps.repository.complete(task.id);
        applied += 1;
      }
      // [NT24] the server's Snooze, shared: pinned to its occurrence, and never past the bound of reminders
      if (task && entry.action === 'snooze' && snoozeApplies(task, entry.occurrence)) {
        await deps.repository.update(task.id, { reminders: snoozedReminders(task, Date.parse(entry.at)) });
        applied += 1;
      }
      await deps.queue.remove(entry.id);
    }
    return applied;
  });
}
