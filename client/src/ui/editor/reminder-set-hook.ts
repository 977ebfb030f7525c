/**
 * [RM8] Where asking for notification permission hooks in (docs/reminders.md): the editor calls `reminderSet()` in the
 * click that adds a reminder, so a handler may call `Notification.requestPermission()` inside that user gesture. The
 * PWA never asks on load; the handler decides whether to ask (only while the permission is still "default").
 */
let handler: (() => void) | null = null;

/** Installs the handler (null removes it). */
export function onReminderSet(next: (() => void) | null): void {
  handler = next;
}

export function reminderSet(): void {
  handler?.();
}
