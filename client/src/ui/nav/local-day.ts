import type { Due } from '@tasklane/shared/domain/due';

/** Text that sorts dues in time order (a date before the timed dues of its day): DM23's sort key. */
export function dueSortKey(due: Due): string {
  return 'at' in due ? due.at : due.date;
}

/** The user's zone now (a device that travels gets its new zone on the next render). */
export function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
