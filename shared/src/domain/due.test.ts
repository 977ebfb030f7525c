import fc from 'fast-check';
import { dateOfEpochDay, epochDayOfDate } from './calendar-date';
import { canonicalDue, dayOf, daysFromToday, isDueToday, isOverdue, localDateOf, type Due } from './due';
import { dueSchema } from './due-schema';
import { parseWithReasons } from './parse-result';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
];
const now = (iso: string) => new Date(iso);
const SHAPE = 'a due is { "date": "YYYY-MM-DD" } or { "at": <ISO-8601 instant>, "timeZone": <IANA zone> }';

describe('due values', () => {
  it('[DM1] a due is { date } or { at, timeZone }, parsed strictly', () => {
    const accepted: unknown[] = [
      { date: '2026-05-01' },
      { date: '2024-02-29' },
      { at: '2026-05-01T09:00:00.000Z', timeZone: 'Europe/Berlin' },
      { at: '2026-05-01T11:00:00+02:00', timeZone: 'Europe/Berlin' },
    ];
    for (const due of accepted) expect(dueSchema.safeParse(due).success).toBe(true);

    const refused: [unknown, string][] = [
      [{ date: '2026-02-29' }, 'date: 2026-02-29 is not a day of the calendar'],
      [{ date: '2026-05-01', timeZone: 'Europe/Berlin' }, '(root): Unrecognized key: "timeZone"'],
      [{ at: '2026-05-01T09:00:00.000Z' }, `(root): ${SHAPE}; timeZone: Invalid input: expected string, received undefined`],
      [{ at: '2026-05-01', timeZone: 'UTC' }, 'at: Invalid ISO datetime'],
      [{ at: '2026-05-01T09:00:00', timeZone: 'UTC' }, 'at: Invalid ISO datetime'],
      [{ at: '1899-06-01T00:00:00.000Z', timeZone: 'UTC' }, 'at: the instant must lie within 1900-01-02 and 9999-12-30 (UTC)'],
      [{ at: '2026-05-01T09:00:00.000Z', timeZone: 'Moon/Base' }, 'timeZone: "Moon/Base" is not a time zone known to the tz database'],
      [{}, `(root): ${SHAPE}`],
      ['2026-05-01', `(root): ${SHAPE}`],
      [null, `(root): ${SHAPE}`],
      [{ date: { $gt: '' } }, `(root): ${SHAPE}; date: Invalid input: expected string, received object`],
    ];
    for (const [input, reason] of refused) {
      const result = parseWithReasons(dueSchema, input);
      expect(result).toEqual({ ok: false, reasons: [reason] });
    }
    expect(canonicalDue({ at: '2026-05-01T11:00:00+02:00', timeZone: 'Europe/Berlin' })).toEqual({
      at: '2026-05-01T09:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
  });

  it('[DM2] a date-only due is due all that day where the user is, and overdue once that day has ended there', () => {
    const due: Due = { date: '2026-05-01' };
    // 2026-05-01T12:00Z is already May 2 on Kiritimati (+14) and still May 1 in Pago Pago (−11).
    const moment = now('2026-05-01T12:00:00Z');
    expect(isDueToday(due, moment, 'Pacific/Pago_Pago')).toBe(true);
    expect(isOverdue(due, moment, 'Pacific/Pago_Pago')).toBe(false);
    expect(isDueToday(due, moment, 'Pacific/Kiritimati')).toBe(false);
    expect(isOverdue(due, moment, 'Pacific/Kiritimati')).toBe(true);
    expect(dayOf(due, 'Pacific/Kiritimati')).toBe('2026-05-01');
    // Berlin: due until the last millisecond of May 1 local time (22:00Z in summer).
    expect(isOverdue(due, now('2026-05-01T21:59:59.999Z'), 'Europe/Berlin')).toBe(false);
    expect(isOverdue(due, now('2026-05-01T22:00:00.000Z'), 'Europe/Berlin')).toBe(true);
    expect(daysFromToday(due, now('2026-04-28T12:00:00Z'), 'Europe/Berlin')).toBe(3);
    expect(daysFromToday(due, now('2026-05-03T12:00:00Z'), 'Europe/Berlin')).toBe(-2);
  });

  it('[DM2] a leap-day due and a due on the day a zone skipped', () => {
    const leap: Due = { date: '2024-02-29' };
    expect(isDueToday(leap, now('2024-02-29T12:00:00Z'), 'America/New_York')).toBe(true);
    expect(daysFromToday(leap, now('2024-02-27T12:00:00Z'), 'UTC')).toBe(2);
    expect(isOverdue(leap, now('2024-03-01T04:59:59Z'), 'America/New_York')).toBe(false);
    expect(isOverdue(leap, now('2024-03-01T05:00:00Z'), 'America/New_York')).toBe(true);
    // Samoa never lived 2011-12-30: a due that day is never "today" there, and overdue right after 12-29.
    const skipped: Due = { date: '2011-12-30' };
    expect(isDueToday(skipped, now('2011-12-30T09:59:59Z'), 'Pacific/Apia')).toBe(false);
    expect(isOverdue(skipped, now('2011-12-30T09:59:59Z'), 'Pacific/Apia')).toBe(false);
    expect(isOverdue(skipped, now('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe(true);
  });

  it('[DM3] a timed due is due at its instant; its day is the day that instant falls on where the user is now', () => {
    // Set in Berlin for 23:30 on May 1 (21:30Z).
    const due: Due = { at: '2026-05-01T21:30:00.000Z', timeZone: 'Europe/Berlin' };
    expect(dayOf(due, 'Europe/Berlin')).toBe('2026-05-01');
    expect(dayOf(due, 'America/New_York')).toBe('2026-05-01');
    expect(dayOf(due, 'Australia/Lord_Howe')).toBe('2026-05-02'); // +10:30
    expect(isDueToday(due, now('2026-05-01T13:29:59Z'), 'Australia/Lord_Howe')).toBe(false);
    expect(isDueToday(due, now('2026-05-01T13:30:00Z'), 'Australia/Lord_Howe')).toBe(true);
    expect(isOverdue(due, now('2026-05-01T21:30:00.000Z'), 'UTC')).toBe(false);
    expect(isOverdue(due, now('2026-05-01T21:30:00.001Z'), 'Pacific/Kiritimati')).toBe(true);
    // Across the Berlin spring change: 01:30Z on 2026-03-29 is 03:30 local, still that day.
    expect(dayOf({ at: '2026-03-29T01:30:00.000Z', timeZone: 'Europe/Berlin' }, 'Europe/Berlin')).toBe('2026-03-29');
    expect(dayOf({ at: '2011-12-30T10:00:00.000Z', timeZone: 'Pacific/Apia' }, 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('[DM2] [DM3] today, overdue and days-from-today agree with each other for any due, moment and zone', () => {
    const moment = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });
    const due: fc.Arbitrary<Due> = fc.oneof(
      fc.integer({ min: epochDayOfDate('2000-01-01'), max: epochDayOfDate('2040-01-01') }).map((day) => ({ date: dateOfEpochDay(day) })),
      fc.tuple(moment, fc.constantFrom(...ZONES)).map(([at, timeZone]) => ({ at: new Date(at).toISOString(), timeZone })),
    );
    fc.assert(
      fc.property(due, moment, fc.constantFrom(...ZONES), (value, at, zone) => {
        const current = new Date(at);
        const days = daysFromToday(value, current, zone);
        expect(isDueToday(value, current, zone)).toBe(days === 0);
        if ('date' in value) expect(isOverdue(value, current, zone)).toBe(days < 0);
        else {
          expect(isOverdue(value, current, zone)).toBe(Date.parse(value.at) < at);
          if (days < 0) expect(isOverdue(value, current, zone)).toBe(true);
          if (days > 0) expect(isOverdue(value, current, zone)).toBe(false);
          expect(dayOf(value, zone)).toBe(localDateOf(Date.parse(value.at), zone));
        }
        expect(dueSchema.safeParse(value).success).toBe(true);
      }),
    );
  });
});
