import {
  addDays,
  calendarDateProblem,
  civilOf,
  epochDayOfDate,
  isoWeekdayOf,
  type CalendarDate,
} from '@tasklane/shared/domain/calendar-date';
import { daysFromToday, isOverdue, isTimedDue, localDateOf, type Due } from '@tasklane/shared/domain/due';
import { instantOfLocal, localDateTimeOf, timeZoneProblem } from '@tasklane/shared/domain/zoned-time';

/** What the date and time inputs of the editor hold: `YYYY-MM-DD` and `HH:MM`, each possibly empty. */
export type DueInputs = { date: string; time: string };

export type DueFromInputs = { ok: true; due: Due | null } | { ok: false; reason: string };

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The zone this device is in, as the tz database spells it; UTC when the runtime names none that the schema accepts. */
export function deviceTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && timeZoneProblem(zone) === null ? zone : 'UTC';
}

const pad = (n: number) => String(n).padStart(2, '0');

function clockText(msOfDay: number): string {
  const minutes = Math.floor(msOfDay / 60_000);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * [ED1] The editor's inputs → a due: no date is no due; a date alone is a date-only due (that day wherever the user
 * is); a date and a time are the instant that wall clock names in `timeZone` (the device's), resolved as [DM4] says.
 */
export function dueFromInputs({ date, time }: DueInputs, timeZone: string): DueFromInputs {
  if (date === '') return time === '' ? { ok: true, due: null } : { ok: false, reason: 'Choose a date for the time.' };
  const problem = calendarDateProblem(date);
  if (problem) return { ok: false, reason: `The date ${problem}.` };
  if (time === '') return { ok: true, due: { date } };
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return { ok: false, reason: 'The time must be HH:MM.' };
  const msOfDay = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  const at = new Date(instantOfLocal({ epochDay: epochDayOfDate(date), msOfDay }, timeZone)).toISOString();
  return { ok: true, due: { at, timeZone } };
}

/** A due → the editor's inputs: a timed due shows the wall clock where the user is now. */
export function inputsFromDue(due: Due | null, timeZone: string): DueInputs {
  if (due === null) return { date: '', time: '' };
  if (!isTimedDue(due)) return { date: due.date, time: '' };
  const instant = Date.parse(due.at);
  return { date: localDateOf(instant, timeZone), time: clockText(localDateTimeOf(instant, timeZone).msOfDay) };
}

/** `Mon 4 May`, with the year when it is not `currentYear`. */
export function formatDay(date: CalendarDate, currentYear?: number): string {
  const epochDay = epochDayOfDate(date);
  const { year, month, day } = civilOf(epochDay);
  const weekday = WEEKDAY_NAMES[isoWeekdayOf(epochDay) - 1]!;
  return `${weekday} ${day} ${MONTH_NAMES[month - 1]}${currentYear === undefined || year === currentYear ? '' : ` ${year}`}`;
}

export type DueDescription = {
  /** What the row shows: "Today 09:00", "Tomorrow", "Mon 4 May", "Overdue · 2 days". */
  text: string;
  /** Also said in words ("Overdue"), never by colour alone. */
  overdue: boolean;
  /** For `<time dateTime>`: the date or the instant. */
  dateTime: string;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * [ED2] How a row shows a due, relative to today where the user is now ([DM2], [DM3]): Today / Tomorrow / a day,
 * with the time of a timed due in the user's zone; once overdue, "Overdue · n days" (or the time, when it passed today).
 */
export function describeDue(due: Due, now: Date, timeZone: string): DueDescription {
  const days = daysFromToday(due, now, timeZone);
  const time = isTimedDue(due) ? ` ${clockText(localDateTimeOf(Date.parse(due.at), timeZone).msOfDay)}` : '';
  const dateTime = isTimedDue(due) ? due.at : due.date;
  if (isOverdue(due, now, timeZone)) {
    return { text: `Overdue · ${days < 0 ? plural(-days, 'day') : `Today${time}`}`, overdue: true, dateTime };
  }
  const today = localDateOf(now.getTime(), timeZone);
  const dayText = days === 0 ? 'Today' : days === 1 ? 'Tomorrow' : formatDay(addDays(today, days), civilOf(epochDayOfDate(today)).year);
  return { text: `${dayText}${time}`, overdue: false, dateTime };
}

/** Today's date where the user is. */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  return localDateOf(now.getTime(), timeZone);
}
