import { localDateTimeOf } from '@tasklane/shared/domain/zoned-time';

/** A zone where it is now between 02:00 and 21:00, so no day ends while a test runs. */
export function zoneAwayFromMidnight(): string {
  // spelled as Chromium's ICU spells them (it says Asia/Calcutta for Asia/Kolkata)
  for (const zone of ['Pacific/Kiritimati', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/Berlin']) {
    const hour = localDateTimeOf(Date.now(), zone).msOfDay / 3_600_000;
    if (hour >= 2 && hour < 21) return zone;
  }
  throw new Error('no candidate zone is away from midnight (cannot happen: they span 24 hours)');
}
