import type { z } from 'zod';
import { civilOf, daysInMonth, EPOCH_DAY_RANGE, epochDayOf, epochDayOfDate, dateOfEpochDay, isoWeekdayOf } from './calendar-date';
import { isTimedDue, type Due } from './due';
import { instantOfLocal, localDateTimeOf } from './zoned-time';
import type { recurrenceEndSchema, recurrenceRuleSchema } from './recurrence-schema';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RECURRENCE_LIMITS = {
  maxInterval: 999,
  maxCount: 10_000,
  /** A series has at most this many occurrences, so walking to one is bounded work. */
  maxOccurrences: 100_000,
} as const;

/** The bounds of a rule's numbers ([DM5]); `recurrence-schema.ts` and the zod-free `recurrence-check.ts` both read them. */
export const RULE_BOUNDS = {
  interval: { min: 1, max: RECURRENCE_LIMITS.maxInterval },
  count: { min: 1, max: RECURRENCE_LIMITS.maxCount },
  dayOfMonth: { min: 1, max: 31 },
  month: { min: 1, max: 12 },
} as const;

/** The nth weekday of a month a monthly rule may name: first to fourth, or -1 for the last. */
export const MONTHLY_NTH = [1, 2, 3, 4, -1] as const;

/** What a refusal of a rule says, field by field (the same words with zod and without). */
export const RULE_MESSAGES = {
  whole: 'must be a whole number',
  frequency: 'must be one of daily, weekdays, weekly, monthly, yearly',
  end: 'must be "never", "after" (with a count) or "until" (with a date)',
  monthlyOn: 'must be { "day": 1–31 } or { "weekday", "nth": 1–4 or -1 }',
  weekday: 'a weekday is one of mon, tue, wed, thu, fri, sat, sun',
  nth: 'must be 1, 2, 3, 4, or -1 for the last',
  noWeekday: 'choose at least one weekday',
  weekdayOrder: 'must be distinct and in the order mon…sun',
  noSuchDay: 'no such day in that month',
} as const;

export function boundsMessage(bounds: { min: number; max: number }): string {
  return `must be ${bounds.min}–${bounds.max}`;
}

/** The weekdays of a weekly rule: each once, in the order mon…sun. */
export function weekdaysInOrder(days: readonly Weekday[]): boolean {
  return days.every((day, index) => index === 0 || WEEKDAYS.indexOf(day) > WEEKDAYS.indexOf(days[index - 1]!));
}

/** A yearly rule's day exists in its month; Feb 29 is allowed: in other years it falls on Feb 28 ([DM6]). */
export function yearlyDayExists(month: number, day: number): boolean {
  return day <= daysInMonth(2024, month);
}

export type RecurrenceRule = z.infer<typeof recurrenceRuleSchema>;
export type RecurrenceEnd = z.infer<typeof recurrenceEndSchema>;

type MonthlyOn = Extract<RecurrenceRule, { frequency: 'monthly' }>['on'];

function isoWeekdayNumber(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1;
}

function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The day of `year`/`month` the monthly rule names: its day of month clamped to the month's end, or its nth weekday. */
function monthlyDay(year: number, month: number, on: MonthlyOn): number {
  const length = daysInMonth(year, month);
  if ('day' in on) return epochDayOf({ year, month, day: Math.min(on.day, length) });
  const target = isoWeekdayNumber(on.weekday);
  if (on.nth === -1) {
    const last = epochDayOf({ year, month, day: length });
    return last - ((isoWeekdayOf(last) - target + 7) % 7);
  }
  const first = epochDayOf({ year, month, day: 1 });
  return first + ((target - isoWeekdayOf(first) + 7) % 7) + 7 * (on.nth - 1);
}

function yearlyDay(year: number, rule: Extract<RecurrenceRule, { frequency: 'yearly' }>): number {
  return epochDayOf({ year, month: rule.month, day: Math.min(rule.day, daysInMonth(year, rule.month)) });
}

/**
 * [DM6] The next day the rule names after `day` (days since 1970-01-01). A due that is not on the rule's pattern
 * (the user moved it) goes to the rule's next day after it; on the pattern, the rule's period is added.
 */
export function nextRuleDay(rule: RecurrenceRule, day: number): number {
  switch (rule.frequency) {
    case 'daily':
      return day + rule.interval;
    case 'weekdays': {
      const weekday = isoWeekdayOf(day);
      return day + (weekday >= 5 ? 8 - weekday : 1);
    }
    case 'weekly': {
      const weekday = isoWeekdayOf(day);
      const chosen = rule.weekdays.map(isoWeekdayNumber);
      const laterThisWeek = chosen.find((candidate) => candidate > weekday);
      if (laterThisWeek !== undefined) return day + (laterThisWeek - weekday);
      return day - (weekday - 1) + 7 * rule.interval + (chosen[0]! - 1);
    }
    case 'monthly': {
      const { year, month } = civilOf(day);
      const thisMonth = monthlyDay(year, month, rule.on);
      if (thisMonth > day) return thisMonth;
      const next = addMonths(year, month, rule.interval);
      return monthlyDay(next.year, next.month, rule.on);
    }
    case 'yearly': {
      const { year } = civilOf(day);
      const thisYear = yearlyDay(year, rule);
      return thisYear > day ? thisYear : yearlyDay(year + rule.interval, rule);
    }
  }
}

/** No occurrence after 9999-12-29: its instant stays inside the range of a timed due in every zone ([DM1]). */
const LAST_OCCURRENCE_DAY = EPOCH_DAY_RANGE.max - 2;

/** [DM8] Whether the occurrence with this index, on this (nominal) day, is still inside the rule's end. */
function withinEnd(end: RecurrenceEnd, index: number, day: number): boolean {
  if (index >= RECURRENCE_LIMITS.maxOccurrences || day > LAST_OCCURRENCE_DAY) return false;
  if (end.kind === 'after') return index < end.count;
  if (end.kind === 'until') return day <= epochDayOfDate(end.date);
  return true;
}

/** Where a series stands: its nominal day, and for a timed due the wall-clock time and zone it keeps. */
type Anchor = { day: number; wall: { msOfDay: number; timeZone: string } | null };

function anchorOf(due: Due): Anchor {
  if (!isTimedDue(due)) return { day: epochDayOfDate(due.date), wall: null };
  const local = localDateTimeOf(Date.parse(due.at), due.timeZone);
  return { day: local.epochDay, wall: { msOfDay: local.msOfDay, timeZone: due.timeZone } };
}

/**
 * [DM7] The due on `day` keeping the anchor's wall-clock time in its zone (resolved as [DM4]); `null` when that
 * reading does not fall on that local day — a day the zone skipped (Pacific/Apia, 2011-12-30), or a wall-clock
 * time that a gap pushes past midnight. Such an occurrence is skipped.
 */
function dueOn(anchor: Anchor, day: number): Due | null {
  if (!anchor.wall) return { date: dateOfEpochDay(day) };
  const instant = instantOfLocal({ epochDay: day, msOfDay: anchor.wall.msOfDay }, anchor.wall.timeZone);
  if (localDateTimeOf(instant, anchor.wall.timeZone).epochDay !== day) return null;
  return { at: new Date(instant).toISOString(), timeZone: anchor.wall.timeZone };
}

/** True when `a` comes strictly after `b` (dates as days, timed dues as instants). */
export function dueIsAfter(a: Due, b: Due): boolean {
  if (isTimedDue(a) && isTimedDue(b)) return Date.parse(a.at) > Date.parse(b.at);
  if (!isTimedDue(a) && !isTimedDue(b)) return a.date > b.date;
  throw new Error('a date-only due and a timed due do not compare');
}

/** The furthest occurrence index ≤ `index` inside the rule's end, with its nominal day; `null` when not even the start is. */
function walk(rule: RecurrenceRule, startDay: number, index: number): { index: number; day: number } | null {
  if (!withinEnd(rule.end, 0, startDay)) return null;
  if (rule.frequency === 'daily' && rule.end.kind === 'never') {
    const reachable = Math.min(index, RECURRENCE_LIMITS.maxOccurrences - 1, Math.floor((LAST_OCCURRENCE_DAY - startDay) / rule.interval));
    return { index: reachable, day: startDay + reachable * rule.interval };
  }
  let day = startDay;
  for (let step = 1; step <= index; step += 1) {
    const next = nextRuleDay(rule, day);
    if (!withinEnd(rule.end, step, next)) return { index: step - 1, day };
    day = next;
  }
  return { index, day };
}

/** What occurrence number n of a series is: due at some day, skipped ([DM7]), or past the end ([DM8]). */
export type OccurrenceLookup = { state: 'due'; due: Due } | { state: 'skipped' } | { state: 'ended' };

/**
 * [DM6] [DM7] [DM8] Occurrence number `index` of the series that starts at `start` (occurrence 0 is `start`
 * itself). A timed series keeps the start's wall-clock time in the start's zone, so it never drifts across DST.
 */
export function occurrenceAt(rule: RecurrenceRule, start: Due, index: number): OccurrenceLookup {
  const anchor = anchorOf(start);
  const reached = walk(rule, anchor.day, index);
  if (!reached || reached.index !== index) return { state: 'ended' };
  if (index === 0) return { state: 'due', due: start };
  const due = dueOn(anchor, reached.day);
  return due ? { state: 'due', due } : { state: 'skipped' };
}

/** [DM8] The last occurrence at or before `index` that is due (what an ended series stays due on); `null` when the start is past the end. */
export function lastOccurrenceUpTo(rule: RecurrenceRule, start: Due, index: number): { index: number; due: Due } | null {
  const reached = walk(rule, anchorOf(start).day, index);
  if (!reached) return null;
  for (let candidate = reached.index; candidate > 0; candidate -= 1) {
    const lookup = occurrenceAt(rule, start, candidate);
    if (lookup.state === 'due') return { index: candidate, due: lookup.due };
  }
  return { index: 0, due: start };
}

/** Skipped days come alone or in pairs; the bound only keeps a corrupt zone database from looping. */
const MAX_SKIPPED_STEPS = 8;

/**
 * [DM6] [DM7] [DM8] The due after `currentDue`, or `null` when the rule has ended. `completedCount` is how many
 * occurrences of the series are completed, the current one included: the next occurrence has that index, so an
 * `after` end of n allows it while `completedCount < n` (a skipped occurrence counts too). The result is always
 * strictly later than `currentDue` and keeps its wall-clock time in its zone.
 */
export function nextOccurrence(rule: RecurrenceRule, currentDue: Due, completedCount: number): Due | null {
  const anchor = anchorOf(currentDue);
  let day = anchor.day;
  for (let index = completedCount; index < completedCount + MAX_SKIPPED_STEPS; index += 1) {
    day = nextRuleDay(rule, day);
    if (!withinEnd(rule.end, index, day)) return null;
    const due = dueOn(anchor, day);
    if (due && dueIsAfter(due, currentDue)) return due;
  }
  return null;
}
