import fc from 'fast-check';
import { epochDayOfDate } from './calendar-date';
import { instantOfLocal, localDateTimeOf, offsetMsAt } from './zoned-time';
import { timeZoneSchema } from './zoned-time-schema';

const HOUR = 3_600_000;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata', 'UTC', 'America/St_Johns'];

/** The instant of a wall-clock reading, `2026-03-29T02:30` in `zone`. */
function resolve(wall: string, zone: string): string {
  const [date, time] = wall.split('T') as [string, string];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(instantOfLocal({ epochDay: epochDayOfDate(date), msOfDay: (hours * 60 + minutes) * 60_000 }, zone)).toISOString();
}

describe('wall-clock time in a zone', () => {
  it('[DM1] a time zone is an IANA name this runtime knows, spelled as the tz database spells it', () => {
    for (const zone of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'UTC', 'Asia/Calcutta', 'Pacific/Apia']) {
      expect(timeZoneSchema.safeParse(zone).success).toBe(true);
    }
    const refused: Record<string, string> = {
      'europe/berlin': 'must be an IANA time zone name such as "Europe/Berlin"',
      'EUROPE/BERLIN': '"EUROPE/BERLIN" is spelled "Europe/Berlin" in the tz database',
      'Mars/Olympus_Mons': '"Mars/Olympus_Mons" is not a time zone known to the tz database',
      '+01:00': 'must be an IANA time zone name such as "Europe/Berlin"',
      'Europe/Berlin ': 'must be an IANA time zone name such as "Europe/Berlin"',
      '': 'must be 1–64 characters',
      ['A'.repeat(65)]: 'must be 1–64 characters',
    };
    for (const [zone, reason] of Object.entries(refused)) {
      expect(timeZoneSchema.safeParse(zone).error?.issues[0]?.message).toBe(reason);
    }
  });

  it('[DM4] offsets follow DST, half-hour DST (Lord Howe) and the date-line jump (Apia)', () => {
    expect(offsetMsAt(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(1 * HOUR);
    expect(offsetMsAt(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR);
    expect(offsetMsAt(Date.parse('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
    expect(offsetMsAt(Date.parse('2026-07-15T12:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(offsetMsAt(Date.parse('2026-01-15T12:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
    expect(offsetMsAt(Date.parse('2011-12-30T09:59:59Z'), 'Pacific/Apia')).toBe(-10 * HOUR);
    expect(offsetMsAt(Date.parse('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe(14 * HOUR);
  });

  it('[DM4] a wall-clock time that happens twice is the earlier instant', () => {
    expect(resolve('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(resolve('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(resolve('2026-04-05T01:45', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
  });

  it('[DM4] a wall-clock time that never happens moves forward by the gap, a whole skipped day included', () => {
    expect(resolve('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 +02:00
    expect(resolve('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 −04:00
    expect(resolve('2026-10-04T02:15', 'Australia/Lord_Howe')).toBe('2026-10-03T15:45:00.000Z'); // 02:45 +11:00
    expect(resolve('2011-12-30T10:00', 'Pacific/Apia')).toBe('2011-12-30T20:00:00.000Z'); // 12-31 10:00 +14:00
    expect(localDateTimeOf(Date.parse('2011-12-30T20:00:00Z'), 'Pacific/Apia').epochDay).toBe(epochDayOfDate('2011-12-31'));
  });

  it('[DM4] resolving the wall clock of an instant gives that instant, or the earlier one of a repeated hour', () => {
    const instant = fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const local = localDateTimeOf(at, zone);
        const resolved = instantOfLocal(local, zone);
        expect(localDateTimeOf(resolved, zone)).toEqual(local);
        expect(resolved).toBeLessThanOrEqual(at);
        expect(at - resolved).toBeLessThanOrEqual(HOUR);
      }),
    );
  });
});
