/** The years a calendar date may name (docs/data-model-v2.md [DM1]). */
export const CALENDAR_LIMITS = { minYear: 1900, maxYear: 9999 } as const;

export const MS_PER_DAY = 86_400_000;

/** A zone-free day of the proleptic Gregorian calendar, spelled `YYYY-MM-DD`. */
export type CalendarDate = string;

export type YearMonthDay = { year: number; month: number; day: number };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 (negative before); integer arithmetic only, so no `Date` year-0–99 surprises. */
export function epochDayOf({ year, month, day }: YearMonthDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of `epochDayOf`. */
export function civilOf(epochDay: number): YearMonthDay {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatCalendarDate({ year, month, day }: YearMonthDay): CalendarDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function dateOfEpochDay(epochDay: number): CalendarDate {
  return formatCalendarDate(civilOf(epochDay));
}

/** Why `text` is not a calendar date, or `null` when it is one. */
export function calendarDateProblem(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'must be a calendar date spelled YYYY-MM-DD';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < CALENDAR_LIMITS.minYear || year > CALENDAR_LIMITS.maxYear) {
    return `the year must lie within ${CALENDAR_LIMITS.minYear}–${CALENDAR_LIMITS.maxYear}`;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `${text} is not a day of the calendar`;
  return null;
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` (check with `calendarDateProblem` first). */
export function epochDayOfDate(date: CalendarDate): number {
  return epochDayOf({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfEpochDay(epochDayOfDate(date) + days);
}

/** First and last day a calendar date may name, as epoch days. */
export const EPOCH_DAY_RANGE = {
  min: epochDayOf({ year: CALENDAR_LIMITS.minYear, month: 1, day: 1 }),
  max: epochDayOf({ year: CALENDAR_LIMITS.maxYear, month: 12, day: 31 }),
} as const;
