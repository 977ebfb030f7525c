import fc from 'fast-check';
import { addDays, civilOf, dateOfEpochDay, daysInMonth, EPOCH_DAY_RANGE, epochDayOf, epochDayOfDate, isoWeekdayOf } from './calendar-date';
import { calendarDateSchema } from './calendar-date-schema';

const epochDay = fc.integer({ min: EPOCH_DAY_RANGE.min, max: EPOCH_DAY_RANGE.max });

describe('calendar dates', () => {
  it('[DM1] a calendar date is YYYY-MM-DD naming a real day of 1900–9999, leap days included', () => {
    for (const valid of ['2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31', '2026-12-31']) {
      expect(calendarDateSchema.safeParse(valid).success).toBe(true);
    }
    const refused: Record<string, string> = {
      '2026-02-29': '2026-02-29 is not a day of the calendar',
      '1900-02-29': '1900-02-29 is not a day of the calendar',
      '2100-02-29': '2100-02-29 is not a day of the calendar',
      '2026-04-31': '2026-04-31 is not a day of the calendar',
      '2026-13-01': '2026-13-01 is not a day of the calendar',
      '2026-00-10': '2026-00-10 is not a day of the calendar',
      '1899-12-31': 'the year must lie within 1900–9999',
      '2026-1-05': 'must be a calendar date spelled YYYY-MM-DD',
      '2026-01-05T00:00:00Z': 'must be a calendar date spelled YYYY-MM-DD',
      '20260105': 'must be a calendar date spelled YYYY-MM-DD',
      ' 2026-01-05': 'must be a calendar date spelled YYYY-MM-DD',
      '٢٠٢٦-٠١-٠٥': 'must be a calendar date spelled YYYY-MM-DD',
    };
    for (const [text, reason] of Object.entries(refused)) {
      const result = calendarDateSchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(reason);
    }
    expect(calendarDateSchema.safeParse(20260105).success).toBe(false);
  });

  it('[DM1] day arithmetic agrees with the UTC calendar of Date for every day of the range', () => {
    fc.assert(
      fc.property(epochDay, (day) => {
        const date = new Date(day * 86_400_000);
        const civil = civilOf(day);
        expect(civil).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
        expect(epochDayOf(civil)).toBe(day);
        expect(dateOfEpochDay(day)).toBe(date.toISOString().slice(0, 10));
        expect(epochDayOfDate(dateOfEpochDay(day))).toBe(day);
        expect(isoWeekdayOf(day)).toBe(((date.getUTCDay() + 6) % 7) + 1);
        expect(calendarDateSchema.safeParse(dateOfEpochDay(day)).success).toBe(true);
      }),
    );
  });

  it('[DM1] leap years: February has 29 days in 2024 and 2000, 28 in 2026 and 1900', () => {
    expect([2024, 2000, 2026, 1900, 2100].map((year) => daysInMonth(year, 2))).toEqual([29, 29, 28, 28, 28]);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
