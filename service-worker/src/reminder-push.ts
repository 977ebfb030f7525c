/**
 * [WP4] A reminder's push message as the notifier sends it (sync-server/src/notifier/reminder-payload.ts), checked by
 * hand: the worker stays free of a schema library, and a message of another shape is shown as nothing.
 */
export type ReminderPush = {
  taskId: string;
  title: string;
  /** The due instant, the due date (`YYYY-MM-DD`) of a date-only due, or null. */
  dueAt: string | null;
  reminderId: string;
  fireAt: string;
  /** Set for a recurring task: the occurrence the reminder is for. */
  occurrence?: number;
  actionToken: string;
};

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function reminderPushOf(text: string): ReminderPush | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { taskId, title, dueAt, reminderId, fireAt, occurrence, actionToken } = parsed as Record<string, unknown>;
  if (!isText(taskId) || !isText(title) || !isText(reminderId) || !isText(fireAt) || !isText(actionToken)) return null;
  if (dueAt !== null && !isText(dueAt)) return null;
  if (occurrence !== undefined && !Number.isSafeInteger(occurrence)) return null;
  return {
    taskId,
    title,
    dueAt,
    reminderId,
    fireAt,
    actionToken,
    ...(occurrence === undefined ? {} : { occurrence: occurrence as number }),
  };
}

/**
 * The user the action token was issued to (its `sub`), read without checking the signature — only the server can, and
 * it does. The app uses it to apply a queued action to the right account's tasks ([WP6]).
 */
export function tokenUserId(token: string): string | null {
  const claims = token.split('.')[1];
  if (!claims) return null;
  try {
    const json = atob(claims.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}
