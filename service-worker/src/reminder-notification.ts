import type { ReminderPayload } from '@tasklane/shared/protocol/reminder-payload';

/** [WP4] The buttons of a reminder's notification; `action` is what `POST /api/reminder-actions` takes. */
export const REMINDER_NOTIFICATION_ACTIONS = [
  { action: 'done', title: 'Done' },
  { action: 'snooze', title: 'Snooze 10 min' },
] as const;
export type NotificationActionName = (typeof REMINDER_NOTIFICATION_ACTIONS)[number]['action'];

/** `actions` is missing from TypeScript's NotificationOptions (not every browser shows buttons). */
export type ReminderNotificationOptions = NotificationOptions & {
  actions: { action: string; title: string }[];
  timestamp: number;
};

/** How the notification reads the due, in the device's zone and language: "Due Fri 6 Mar, 14:30", "Due Fri 6 Mar". */
export function dueText(dueAt: string | null, locale?: string, timeZone?: string): string {
  if (dueAt === null) return 'Reminder';
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueAt)) {
    const day = new Date(`${dueAt}T00:00:00Z`);
    return `Due ${new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(day)}`;
  }
  const at = new Date(dueAt);
  if (Number.isNaN(at.getTime())) return 'Reminder';
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  });
  return `Due ${format.format(at)}`;
}

/** One notification per reminder of a task: a repeat (a Snooze, a retry) replaces it rather than stacking up. */
export function reminderTag(push: Pick<ReminderPayload, 'taskId' | 'reminderId'>): string {
  return `reminder:${push.taskId}:${push.reminderId}`;
}

/** [WP4] The notification a reminder shows: the task's title, its due, Done and Snooze 10 min; `data` is the push itself. */
export function reminderNotification(
  push: ReminderPayload,
  locale?: string,
  timeZone?: string,
): { title: string; options: ReminderNotificationOptions } {
  return {
    title: push.title,
    options: {
      body: dueText(push.dueAt, locale, timeZone),
      tag: reminderTag(push),
      data: push,
      icon: '/icons/icon-192.png',
      timestamp: Date.parse(push.fireAt),
      actions: REMINDER_NOTIFICATION_ACTIONS.map((entry) => ({ ...entry })),
    },
  };
}
