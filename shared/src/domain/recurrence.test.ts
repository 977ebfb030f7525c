import fc from 'fast-check';
import { civilOf, dateOfEpochDay, daysInMonth, epochDayOfDate, isoWeekdayOf } from './calendar-date';
import { isTimedDue, type Due } from './due';
import {
  dueIsAfter,
  lastOccurrenceUpTo,
  nextOccurrence,
  occurrenceAt,
  WEEKDAYS,
  type RecurrenceEnd,
  type RecurrenceRule,
} from './recurrence';
import { parseRecurrenceRule } from './recurrence-schema';
import { instantOfLocal, localDateTimeOf } from './zoned-time';

const never: RecurrenceEnd = { kind: 'never' };
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];

/** The dates of `count` successive occurrences produced by stepping with `nextOccurrence`. */
function stepDates(rule: RecurrenceRule, start: string, count: number): (string | null)[] {
  const dates: (string | null)[] = [];
  let current: Due | null = { date: start };
  for (let completed = 1; completed <= count && current; completed += 1) {
    current = nextOccurrence(rule, current, completed);
    dates.push(current && 'date' in current ? current.date : null);
  }
  return dates;
}

/** The dates of occurrences 1…count of the series anchored at `start`. */
function anchoredDates(rule: RecurrenceRule, start: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const lookup = occurrenceAt(rule, { date: start }, index + 1);
    return lookup.state === 'due' && 'date' in lookup.due ? lookup.due.date : lookup.state;
  });
}

function timed(at: string, timeZone: string): Due {
  return { at, timeZone };
}

function atOf(lookup: ReturnType<typeof occurrenceAt>): string {
  return lookup.state === 'due' && isTimedDue(lookup.due) ? lookup.due.at : lookup.state;
}

describe('recurrence rules', () => {
  it('[DM5] a rule is parsed strictly, each refusal naming the field and the reason', () => {
    const accepted: unknown[] = [
      { frequency: 'daily', interval: 1, end: { kind: 'never' } },
      { frequency: 'weekdays', end: { kind: 'after', count: 10 } },
      { frequency: 'weekly', interval: 2, weekdays: ['mon', 'wed', 'fri'], end: { kind: 'until', date: '2026-12-31' } },
      { frequency: 'monthly', interval: 1, on: { day: 31 }, end: { kind: 'never' } },
      { frequency: 'monthly', interval: 3, on: { weekday: 'fri', nth: -1 }, end: { kind: 'never' } },
      { frequency: 'yearly', interval: 1, month: 2, day: 29, end: { kind: 'never' } },
    ];
    for (const rule of accepted) expect(parseRecurrenceRule(rule)).toEqual({ ok: true, value: rule });

    const base = { frequency: 'daily', interval: 1, end: { kind: 'never' } };
    const refused: [unknown, string][] = [
      [{ ...base, frequency: 'hourly' }, 'frequency: must be one of daily, weekdays, weekly, monthly, yearly'],
      [{ ...base, interval: 0 }, 'interval: must be 1–999'],
      [{ ...base, interval: 1000 }, 'interval: must be 1–999'],
      [{ ...base, interval: 1.5 }, 'interval: must be a whole number'],
      [{ ...base, interval: '2' }, 'interval: Invalid input: expected number, received string'],
      [{ ...base, byHour: 9 }, '(root): Unrecognized key: "byHour"'],
      [{ frequency: 'weekdays', interval: 2, end: never }, '(root): Unrecognized key: "interval"'],
      [{ ...base, end: { kind: 'forever' } }, 'end.kind: must be "never", "after" (with a count) or "until" (with a date)'],
      [{ ...base, end: { kind: 'after', count: 0 } }, 'end.count: must be 1–10000'],
      [{ ...base, end: { kind: 'until', date: '2026-02-30' } }, 'end.date: 2026-02-30 is not a day of the calendar'],
      [{ ...base, end: { kind: 'never', count: 3 } }, 'end: Unrecognized key: "count"'],
      [{ frequency: 'weekly', interval: 1, weekdays: [], end: never }, 'weekdays: choose at least one weekday'],
      [{ frequency: 'weekly', interval: 1, weekdays: ['wed', 'mon'], end: never }, 'weekdays: must be distinct and in the order mon…sun'],
      [{ frequency: 'weekly', interval: 1, weekdays: ['mon', 'mon'], end: never }, 'weekdays: must be distinct and in the order mon…sun'],
      [
        { frequency: 'weekly', interval: 1, weekdays: ['monday'], end: never },
        'weekdays.0: a weekday is one of mon, tue, wed, thu, fri, sat, sun',
      ],
      [{ frequency: 'monthly', interval: 1, on: { day: 32 }, end: never }, 'on.day: must be 1–31'],
      [{ frequency: 'monthly', interval: 1, on: { weekday: 'tue', nth: 5 }, end: never }, 'on.nth: must be 1, 2, 3, 4, or -1 for the last'],
      [{ frequency: 'monthly', interval: 1, on: 'last', end: never }, 'on: must be { "day": 1–31 } or { "weekday", "nth": 1–4 or -1 }'],
      [{ frequency: 'yearly', interval: 1, month: 2, day: 30, end: never }, 'day: no such day in that month'],
      [{ frequency: 'yearly', interval: 1, month: 13, day: 1, end: never }, 'month: must be 1–12'],
    ];
    for (const [input, reason] of refused) {
      const result = parseRecurrenceRule(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasons).toContain(reason);
    }
  });

  it('[DM6] daily, weekday and weekly rules', () => {
    expect(stepDates({ frequency: 'daily', interval: 3, end: never }, '2026-02-26', 2)).toEqual(['2026-03-01', '2026-03-04']);
    expect(stepDates({ frequency: 'daily', interval: 1, end: never }, '2024-02-28', 2)).toEqual(['2024-02-29', '2024-03-01']);
    // 2026-01-08 is a Thursday.
    expect(stepDates({ frequency: 'weekdays', end: never }, '2026-01-08', 3)).toEqual(['2026-01-09', '2026-01-12', '2026-01-13']);
    expect(stepDates({ frequency: 'weekdays', end: never }, '2026-01-10', 1)).toEqual(['2026-01-12']); // from a Saturday
    const mwf: RecurrenceRule = { frequency: 'weekly', interval: 1, weekdays: ['mon', 'wed', 'fri'], end: never };
    expect(stepDates(mwf, '2026-01-05', 4)).toEqual(['2026-01-07', '2026-01-09', '2026-01-12', '2026-01-14']);
    const fortnightly: RecurrenceRule = { frequency: 'weekly', interval: 2, weekdays: ['tue', 'thu'], end: never };
    expect(stepDates(fortnightly, '2026-01-06', 3)).toEqual(['2026-01-08', '2026-01-20', '2026-01-22']);
    expect(stepDates({ frequency: 'weekly', interval: 1, weekdays: ['sun'], end: never }, '2026-01-04', 1)).toEqual(['2026-01-11']);
  });

  it('[DM6] monthly rules keep their day of month, clamped to the month end, or their nth weekday; yearly Feb 29', () => {
    const on31: RecurrenceRule = { frequency: 'monthly', interval: 1, on: { day: 31 }, end: never };
    expect(anchoredDates(on31, '2026-01-31', 4)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(anchoredDates(on31, '2024-01-31', 1)).toEqual(['2024-02-29']);
    // Stepping from a clamped day does not drift: the rule, not the current due, holds the day of month.
    expect(stepDates(on31, '2026-02-28', 2)).toEqual(['2026-03-31', '2026-04-30']);
    expect(stepDates({ frequency: 'monthly', interval: 1, on: { day: 15 }, end: never }, '2026-03-10', 2)).toEqual([
      '2026-03-15',
      '2026-04-15',
    ]);
    const quarterly: RecurrenceRule = { frequency: 'monthly', interval: 3, on: { day: 30 }, end: never };
    expect(anchoredDates(quarterly, '2025-11-30', 2)).toEqual(['2026-02-28', '2026-05-30']);
    const secondTuesday: RecurrenceRule = { frequency: 'monthly', interval: 1, on: { weekday: 'tue', nth: 2 }, end: never };
    expect(anchoredDates(secondTuesday, '2026-01-13', 3)).toEqual(['2026-02-10', '2026-03-10', '2026-04-14']);
    const lastFriday: RecurrenceRule = { frequency: 'monthly', interval: 1, on: { weekday: 'fri', nth: -1 }, end: never };
    expect(anchoredDates(lastFriday, '2026-01-30', 3)).toEqual(['2026-02-27', '2026-03-27', '2026-04-24']);
    const leapDay: RecurrenceRule = { frequency: 'yearly', interval: 1, month: 2, day: 29, end: never };
    expect(anchoredDates(leapDay, '2024-02-29', 4)).toEqual(['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
    expect(anchoredDates({ frequency: 'yearly', interval: 2, month: 7, day: 4, end: never }, '2026-07-04', 2)).toEqual([
      '2028-07-04',
      '2030-07-04',
    ]);
  });

  it('[DM7] a timed series keeps its wall-clock time in its zone across DST, half-hour DST included', () => {
    const berlin = timed('2026-03-27T08:00:00.000Z', 'Europe/Berlin'); // 09:00 +01:00
    const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: never };
    expect([1, 2, 3].map((index) => atOf(occurrenceAt(daily, berlin, index)))).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z', // 09:00 +02:00
      '2026-03-30T07:00:00.000Z',
    ]);
    const sundays: RecurrenceRule = { frequency: 'weekly', interval: 1, weekdays: ['sun'], end: never };
    const newYork = timed('2026-10-25T12:00:00.000Z', 'America/New_York'); // Sunday 08:00 EDT
    expect(nextOccurrence(sundays, newYork, 1)).toEqual(timed('2026-11-01T13:00:00.000Z', 'America/New_York')); // 08:00 EST
    const lordHowe = timed('2026-10-01T22:00:00.000Z', 'Australia/Lord_Howe'); // 08:30 +10:30
    expect(nextOccurrence(daily, lordHowe, 1)).toEqual(timed('2026-10-02T22:00:00.000Z', 'Australia/Lord_Howe'));
    expect(atOf(occurrenceAt(daily, lordHowe, 3))).toBe('2026-10-04T21:30:00.000Z'); // 08:30 +11:00
  });

  it('[DM7] a wall-clock time inside a gap moves forward that day only; the anchored series returns to it', () => {
    const start = timed('2026-10-02T15:45:00.000Z', 'Australia/Lord_Howe'); // 2026-10-03 02:15 +10:30
    const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: never };
    const onGapDay = occurrenceAt(daily, start, 1);
    expect(atOf(onGapDay)).toBe('2026-10-03T15:45:00.000Z'); // 02:15 does not exist on 10-04: 02:45 +11:00
    expect(atOf(occurrenceAt(daily, start, 2))).toBe('2026-10-04T15:15:00.000Z'); // 10-05 02:15 +11:00 again
    const berlin = timed('2026-03-28T01:30:00.000Z', 'Europe/Berlin'); // 02:30 +01:00
    expect(atOf(occurrenceAt(daily, berlin, 1))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 +02:00
    expect(atOf(occurrenceAt(daily, berlin, 2))).toBe('2026-03-30T00:30:00.000Z'); // 02:30 +02:00
  });

  it('[DM7] an occurrence on a day the zone skipped is passed over (Samoa, 2011-12-30)', () => {
    const apia = timed('2011-12-29T20:00:00.000Z', 'Pacific/Apia'); // Thursday 2011-12-29 10:00 −10:00
    const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: never };
    expect(occurrenceAt(daily, apia, 1)).toEqual({ state: 'skipped' });
    expect(atOf(occurrenceAt(daily, apia, 2))).toBe('2011-12-30T20:00:00.000Z'); // Saturday 12-31 10:00 +14:00
    expect(nextOccurrence(daily, apia, 1)).toEqual(timed('2011-12-30T20:00:00.000Z', 'Pacific/Apia'));
    expect(nextOccurrence({ frequency: 'weekdays', end: never }, apia, 1)).toEqual(timed('2012-01-01T20:00:00.000Z', 'Pacific/Apia')); // Monday
    expect(nextOccurrence({ frequency: 'daily', interval: 1, end: { kind: 'after', count: 2 } }, apia, 1)).toBeNull();
    // A date-only due has no zone: 2011-12-30 is a day like any other.
    expect(nextOccurrence(daily, { date: '2011-12-29' }, 1)).toEqual({ date: '2011-12-30' });
  });

  it('[DM8] a rule ends after a count, on an until date (inclusive), or at the end of the calendar', () => {
    const three: RecurrenceRule = { frequency: 'daily', interval: 1, end: { kind: 'after', count: 3 } };
    expect(nextOccurrence(three, { date: '2026-01-01' }, 1)).toEqual({ date: '2026-01-02' });
    expect(nextOccurrence(three, { date: '2026-01-02' }, 2)).toEqual({ date: '2026-01-03' });
    expect(nextOccurrence(three, { date: '2026-01-03' }, 3)).toBeNull();
    expect(occurrenceAt(three, { date: '2026-01-01' }, 2)).toEqual({ state: 'due', due: { date: '2026-01-03' } });
    expect(occurrenceAt(three, { date: '2026-01-01' }, 3)).toEqual({ state: 'ended' });
    expect(lastOccurrenceUpTo(three, { date: '2026-01-01' }, 10)).toEqual({ index: 2, due: { date: '2026-01-03' } });
    const until: RecurrenceRule = { frequency: 'weekly', interval: 1, weekdays: ['mon'], end: { kind: 'until', date: '2026-01-19' } };
    expect(stepDates(until, '2026-01-05', 3)).toEqual(['2026-01-12', '2026-01-19', null]);
    expect(occurrenceAt(until, { date: '2026-01-26' }, 0)).toEqual({ state: 'ended' });
    expect(lastOccurrenceUpTo(until, { date: '2026-01-26' }, 0)).toBeNull();
    const yearly: RecurrenceRule = { frequency: 'yearly', interval: 1, month: 6, day: 1, end: never };
    expect(stepDates(yearly, '9998-06-01', 2)).toEqual(['9999-06-01', null]);
    expect(occurrenceAt({ frequency: 'daily', interval: 1, end: never }, { date: '9999-12-28' }, 2)).toEqual({ state: 'ended' });
  });
});

const dateArbitrary = (from: string, to: string) =>
  fc.integer({ min: epochDayOfDate(from), max: epochDayOfDate(to) }).map((day) => dateOfEpochDay(day));

const endArbitrary: fc.Arbitrary<RecurrenceEnd> = fc.oneof(
  fc.constant<RecurrenceEnd>({ kind: 'never' }),
  fc.integer({ min: 1, max: 40 }).map((count): RecurrenceEnd => ({ kind: 'after', count })),
  dateArbitrary('2026-01-01', '2032-12-31').map((date): RecurrenceEnd => ({ kind: 'until', date })),
);

const ruleArbitrary: fc.Arbitrary<RecurrenceRule> = fc.oneof(
  fc.record({ frequency: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 40 }), end: endArbitrary }),
  fc.record({ frequency: fc.constant('weekdays' as const), end: endArbitrary }),
  fc.record({
    frequency: fc.constant('weekly' as const),
    interval: fc.integer({ min: 1, max: 5 }),
    weekdays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    end: endArbitrary,
  }),
  fc.record({
    frequency: fc.constant('monthly' as const),
    interval: fc.integer({ min: 1, max: 14 }),
    on: fc.oneof(
      fc.record({ day: fc.integer({ min: 1, max: 31 }) }),
      fc.record({ weekday: fc.constantFrom(...WEEKDAYS), nth: fc.constantFrom(1, 2, 3, 4, -1) }),
    ),
    end: endArbitrary,
  }),
  fc.integer({ min: 1, max: 12 }).chain((month) =>
    fc.record({
      frequency: fc.constant('yearly' as const),
      interval: fc.integer({ min: 1, max: 4 }),
      month: fc.constant(month),
      day: fc.integer({ min: 1, max: daysInMonth(2024, month) }),
      end: endArbitrary,
    }),
  ),
);

const startArbitrary: fc.Arbitrary<Due> = fc.oneof(
  dateArbitrary('2010-01-01', '2030-12-31').map((date) => ({ date })),
  fc
    .tuple(fc.integer({ min: Date.parse('2010-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') }), fc.constantFrom(...ZONES))
    .map(([at, timeZone]) => ({ at: new Date(at).toISOString(), timeZone })),
);

/** The local day and wall-clock time of a due in its own zone (a date-only due: its day at midnight). */
function localOf(due: Due): { day: number; msOfDay: number } {
  if (!isTimedDue(due)) return { day: epochDayOfDate(due.date), msOfDay: 0 };
  const local = localDateTimeOf(Date.parse(due.at), due.timeZone);
  return { day: local.epochDay, msOfDay: local.msOfDay };
}

/** Successive occurrences produced by `nextOccurrence`, the start included. */
function series(rule: RecurrenceRule, start: Due, steps: number): Due[] {
  const dues = [start];
  for (let completed = 1; completed <= steps; completed += 1) {
    const next = nextOccurrence(rule, dues[dues.length - 1]!, completed);
    if (!next) break;
    dues.push(next);
  }
  return dues;
}

describe('recurrence properties', () => {
  it('[DM6] [DM8] occurrences strictly increase and respect the end', () => {
    fc.assert(
      fc.property(ruleArbitrary, startArbitrary, (rule, start) => {
        const dues = series(rule, start, 25);
        for (let index = 1; index < dues.length; index += 1) expect(dueIsAfter(dues[index]!, dues[index - 1]!)).toBe(true);
        if (rule.end.kind === 'after') expect(dues.length).toBeLessThanOrEqual(Math.max(rule.end.count, 1));
        if (rule.end.kind === 'until') {
          for (const due of dues.slice(1)) expect(dateOfEpochDay(localOf(due).day) <= rule.end.date).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('[DM6] weekday rules never land on a weekend; weekly rules only on chosen days; monthly and yearly on their day', () => {
    fc.assert(
      fc.property(ruleArbitrary, startArbitrary, (rule, start) => {
        for (const due of series(rule, start, 15).slice(1)) {
          const { day } = localOf(due);
          const { year, month, day: dayOfMonth } = civilOf(day);
          if (rule.frequency === 'weekdays') expect(isoWeekdayOf(day)).toBeLessThanOrEqual(5);
          if (rule.frequency === 'weekly') expect(rule.weekdays).toContain(WEEKDAYS[isoWeekdayOf(day) - 1]);
          if (rule.frequency === 'monthly' && 'day' in rule.on) expect(dayOfMonth).toBe(Math.min(rule.on.day, daysInMonth(year, month)));
          if (rule.frequency === 'monthly' && 'nth' in rule.on) {
            expect(WEEKDAYS[isoWeekdayOf(day) - 1]).toBe(rule.on.weekday);
            if (rule.on.nth === -1) expect(dayOfMonth + 7).toBeGreaterThan(daysInMonth(year, month));
            else expect(Math.ceil(dayOfMonth / 7)).toBe(rule.on.nth);
          }
          if (rule.frequency === 'yearly') {
            expect(month).toBe(rule.month);
            expect(dayOfMonth).toBe(Math.min(rule.day, daysInMonth(year, month)));
          }
        }
      }),
    );
  });

  it('[DM7] a timed occurrence keeps the wall-clock time of the one before, unless that time does not exist on its day', () => {
    fc.assert(
      fc.property(ruleArbitrary, startArbitrary.filter(isTimedDue), (rule, start) => {
        const dues = series(rule, start, 10);
        for (let index = 1; index < dues.length; index += 1) {
          const previous = localOf(dues[index - 1]!);
          const current = localOf(dues[index]!);
          if (current.msOfDay === previous.msOfDay) continue;
          const zone = (start as { timeZone: string }).timeZone;
          const intended = instantOfLocal({ epochDay: current.day, msOfDay: previous.msOfDay }, zone);
          expect(localDateTimeOf(intended, zone)).not.toEqual({ epochDay: current.day, msOfDay: previous.msOfDay });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('[DM6] [DM7] the anchored series and step-by-step completion agree, and the anchored series never drifts', () => {
    fc.assert(
      fc.property(ruleArbitrary, startArbitrary, (rule, start) => {
        let previous: Due = start;
        for (let index = 1; index <= 12; index += 1) {
          const lookup = occurrenceAt(rule, start, index);
          if (lookup.state === 'ended') break;
          if (lookup.state === 'skipped') continue;
          expect(dueIsAfter(lookup.due, previous)).toBe(true);
          if (isTimedDue(start)) {
            const wall = { epochDay: localOf(lookup.due).day, msOfDay: localOf(start).msOfDay };
            const exists = localDateTimeOf(instantOfLocal(wall, start.timeZone), start.timeZone).msOfDay === wall.msOfDay;
            expect(localOf(lookup.due).msOfDay === wall.msOfDay).toBe(exists);
          } else {
            expect(nextOccurrence(rule, previous, index)).toEqual(lookup.due);
          }
          previous = lookup.due;
        }
      }),
    );
  });
});
