import { nextReminderFire } from '@tasklane/shared/domain/reminder-fires';
import type { Task } from '@tasklane/shared/domain/task';

/**
 * [NT10] How far back a fire still counts: fires older than this are never scheduled (not even as dropped), and the
 * records of deliveries of older fires are pruned. REMINDER_MAX_LATENESS is bounded well below it.
 */
export const FIRE_HORIZON_MS = 30 * 86_400_000;

/**
 * [NT7] The next fire time a task row carries, computed in the same write as the document (so an edit or a deletion
 * before a reminder fires takes effect at once): its earliest fire within the horizon, or null. Fires already handled
 * may come back after an edit; the deliveries they made are unique per fire and subscription, so nothing is sent twice.
 */
export function nextFireAtOf(
  task: Pick<Task, 'status' | 'due' | '_deleted'> & { reminders?: Task['reminders'] },
  nowMs = Date.now(),
): string | null {
  if (!task.reminders || task.reminders.length === 0) return null;
  const notBefore = new Date(nowMs - FIRE_HORIZON_MS).toISOString();
  return nextReminderFire({ ...task, reminders: task.reminders }, notBefore)?.fireAt ?? null;
}
