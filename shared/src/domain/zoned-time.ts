import { epochDayOf, MS_PER_DAY } from './calendar-date';

export const TIME_ZONE_MAX_LENGTH = 64;

/** A wall-clock reading in some zone: the local day (days since 1970-01-01) and the milliseconds into it. */
export type LocalDateTime = { epochDay: number; msOfDay: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones are untrusted input, and Intl accepts any letter case of a name: the cache must not grow without end. */
const MAX_CACHED_FORMATTERS = 1000;

/** One formatter per zone: building one costs far more than using it. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatter = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Why `zone` is not a time zone this runtime knows, or `null` when it is one. */
export function timeZoneProblem(zone: string): string | null {
  if (zone.length === 0 || zone.length > TIME_ZONE_MAX_LENGTH) return `must be 1–${TIME_ZONE_MAX_LENGTH} characters`;
  // Every IANA name is segments that start with a capital ("America/Port-au-Prince", "Etc/GMT+5", "UTC").
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(zone)) return 'must be an IANA time zone name such as "Europe/Berlin"';
  let resolved: string;
  try {
    resolved = formatterFor(zone).resolvedOptions().timeZone;
  } catch {
    return `"${zone}" is not a time zone known to the tz database`;
  }
  // Intl accepts any letter case; a stored zone has one spelling ("EUROPE/BERLIN" is refused).
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) return `"${zone}" is spelled "${resolved}" in the tz database`;
  return null;
}

/** The wall clock in `timeZone` at an instant (milliseconds since the epoch). */
export function localDateTimeOf(instantMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const epochDay = epochDayOf({ year: parts.year!, month: parts.month!, day: parts.day! });
  const milliseconds = ((instantMs % 1000) + 1000) % 1000;
  return { epochDay, msOfDay: ((parts.hour! * 60 + parts.minute!) * 60 + parts.second!) * 1000 + milliseconds };
}

function wallMsOf(local: LocalDateTime): number {
  return local.epochDay * MS_PER_DAY + local.msOfDay;
}

/** How far the wall clock of `timeZone` is ahead of UTC at an instant. */
export function offsetMsAt(instantMs: number, timeZone: string): number {
  return wallMsOf(localDateTimeOf(instantMs, timeZone)) - instantMs;
}

/**
 * [DM4] The instant a wall-clock reading in `timeZone` names, resolved as Temporal's `disambiguation: 'compatible'`:
 * a reading that happens twice (clocks turned back) is the earlier instant; a reading that never happens (clocks
 * turned forward, or a whole skipped day) is moved forward by the length of the gap.
 */
export function instantOfLocal(local: LocalDateTime, timeZone: string): number {
  const wall = wallMsOf(local);
  const offsetBefore = offsetMsAt(wall - MS_PER_DAY, timeZone);
  const offsetAfter = offsetMsAt(wall + MS_PER_DAY, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => wallMsOf(localDateTimeOf(instant, timeZone)) === wall)
    .sort((a, b) => a - b);
  // In a gap, the offset from before the transition lands exactly the gap's length later on the new wall clock.
  return candidates[0] ?? wall - offsetBefore;
}
