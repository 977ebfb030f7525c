/**
 * [NT15] A reminder's push message: what the notifier sends (encrypted) and the service worker shows and acts on ([WP4]).
 * Checked by hand, not by a schema: the worker stays free of zod ([ZF1]).
 */
export type ReminderPayload = {
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

/** The payload in `text`, or null when it is not JSON of the notifier's shape. */
export function parseReminderPayload(text: string): ReminderPayload | null {
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
