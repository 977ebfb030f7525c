import { compareIds } from './string-order';

/** [RM1] A reminder at a chosen instant, or a span before the task's due instant. */
export type AtReminder = { id: string; at: string };
export type BeforeReminder = { id: string; before: string };
export type Reminder = AtReminder | BeforeReminder;

export const REMINDER_LIMITS = {
  /** What one device or one REST request may set. */
  maxToSet: 10,
  /** The document bound: room for what devices that each stayed under `maxToSet` add concurrently; a merge keeps within it ([RM9]). */
  maxEntries: 50,
  /** [RM1] The longest `before` span, in minutes (28 days). */
  maxBeforeMinutes: 28 * 24 * 60,
} as const;

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;
const MINUTE_MS = 60_000;

const DURATION_PATTERN = /^P(?:(\d{1,5})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,8})M)?)?$/;
export const DURATION_MESSAGE = 'must be an ISO-8601 duration PnDTnHnM (days, hours, minutes; at most 28 days)';

export function isAtReminder(reminder: Reminder): reminder is AtReminder {
  return 'at' in reminder;
}

/** The minutes of a `PnDTnHnM` duration (any spelling: `PT90M`, `PT1H30M`), or `null` when it is not one or is over 28 days. */
export function durationMinutes(duration: string): number | null {
  const parts = DURATION_PATTERN.exec(duration);
  if (!parts || duration === 'P' || duration.endsWith('T')) return null;
  const [days, hours, minutes] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number];
  const total = days * MINUTES_PER_DAY + hours * MINUTES_PER_HOUR + minutes;
  return total <= REMINDER_LIMITS.maxBeforeMinutes ? total : null;
}

/** [RM2] The one spelling of a span: whole days, hours below 24, minutes below 60, zero parts left out (`PT0M` for none). */
export function canonicalDuration(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / MINUTES_PER_DAY);
  const hours = Math.floor((totalMinutes % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  const minutes = totalMinutes % MINUTES_PER_HOUR;
  if (totalMinutes === 0) return 'PT0M';
  const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}`;
  return `P${days > 0 ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Why `value` is not a span in its canonical spelling ([RM2]), or `null` when it is one. */
export function canonicalDurationProblem(value: string): string | null {
  const minutes = durationMinutes(value);
  if (minutes === null) return DURATION_MESSAGE;
  return canonicalDuration(minutes) === value ? null : `must be spelled ${canonicalDuration(minutes)} (the canonical form)`;
}

/** [RM2] The same reminder in its canonical spelling (instant as `toISOString` writes it, span normalised); keys in order. */
export function canonicalReminder(reminder: Reminder): Reminder {
  if (isAtReminder(reminder)) return { id: reminder.id, at: new Date(reminder.at).toISOString() };
  const minutes = durationMinutes(reminder.before);
  return { id: reminder.id, before: minutes === null ? reminder.before : canonicalDuration(minutes) };
}

/** Reminders in id order: the one spelling of a task's reminders ([RM2]). */
export function sortReminders<R extends { id: string }>(reminders: readonly R[]): R[] {
  return [...reminders].sort(compareIds);
}

/** [RM2] A task's reminders canonical: each spelled canonically, sorted by id. */
export function canonicalReminders(reminders: readonly Reminder[]): Reminder[] {
  return sortReminders(reminders.map(canonicalReminder));
}

/** The instant a `before` reminder fires for a due instant (both canonical). */
export function beforeInstant(dueAt: string, before: string): string {
  return new Date(Date.parse(dueAt) - (durationMinutes(before) ?? 0) * MINUTE_MS).toISOString();
}
