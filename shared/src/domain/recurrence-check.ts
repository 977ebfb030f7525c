import { calendarDateProblem } from './calendar-date';
import type { ParseResult } from './parse-result';
import {
  boundsMessage,
  MONTHLY_NTH,
  RULE_BOUNDS,
  RULE_MESSAGES,
  WEEKDAYS,
  weekdaysInOrder,
  yearlyDayExists,
  type RecurrenceRule,
  type Weekday,
} from './recurrence';
import { checkArray, checkInteger, checkObject, checkOneOf, checkString, isRecord, Problems, type Path } from './value-check';

function checkBounded(value: unknown, bounds: { min: number; max: number }, path: Path, problems: Problems): value is number {
  return checkInteger(value, path, problems, bounds.min, bounds.max, boundsMessage(bounds));
}

function checkEnd(value: unknown, path: Path, problems: Problems): boolean {
  return problems.clean(() => {
    const kind = isRecord(value) ? value.kind : undefined;
    if (kind === 'never') checkObject(value, ['kind'], path, problems);
    else if (kind === 'after' && checkObject(value, ['kind', 'count'], path, problems)) {
      checkBounded(value.count, RULE_BOUNDS.count, [...path, 'count'], problems);
    } else if (kind === 'until' && checkObject(value, ['kind', 'date'], path, problems)) {
      checkString(value.date, [...path, 'date'], problems, { problem: calendarDateProblem });
    } else if (kind !== 'after' && kind !== 'until') problems.add(isRecord(value) ? [...path, 'kind'] : path, RULE_MESSAGES.end);
  });
}

function checkWeekday(value: unknown, path: Path, problems: Problems): value is Weekday {
  return checkOneOf(value, WEEKDAYS, path, problems, RULE_MESSAGES.weekday);
}

function checkMonthlyOn(value: unknown, path: Path, problems: Problems): boolean {
  if (!isRecord(value) || !('day' in value || 'weekday' in value || 'nth' in value)) {
    problems.add(path, RULE_MESSAGES.monthlyOn);
    return false;
  }
  return problems.clean(() => {
    if ('day' in value) {
      if (checkObject(value, ['day'], path, problems)) checkBounded(value.day, RULE_BOUNDS.dayOfMonth, [...path, 'day'], problems);
    } else if (checkObject(value, ['weekday', 'nth'], path, problems)) {
      checkWeekday(value.weekday, [...path, 'weekday'], problems);
      const nthPath = [...path, 'nth'];
      if (checkInteger(value.nth, nthPath, problems, -Infinity, Infinity))
        checkOneOf(value.nth, MONTHLY_NTH, nthPath, problems, RULE_MESSAGES.nth);
    }
  });
}

const RULE_KEYS: Record<RecurrenceRule['frequency'], readonly string[]> = {
  daily: ['frequency', 'interval', 'end'],
  weekdays: ['frequency', 'end'],
  weekly: ['frequency', 'interval', 'weekdays', 'end'],
  monthly: ['frequency', 'interval', 'on', 'end'],
  yearly: ['frequency', 'interval', 'month', 'day', 'end'],
};

/**
 * [DM5] [ZF2] A recurrence rule from an untrusted source, without zod: the rules of `recurrenceRuleSchema` (bounds and
 * words from `recurrence.ts`), reasons with the same paths. A test proves both accept the same values.
 */
export function checkRecurrenceRule(value: unknown, path: Path, problems: Problems): value is RecurrenceRule {
  const frequency = isRecord(value) ? value.frequency : undefined;
  if (!isRecord(value) || !checkOneOf(frequency, Object.keys(RULE_KEYS), [...path, 'frequency'], problems, RULE_MESSAGES.frequency)) {
    if (!isRecord(value)) problems.add(path, RULE_MESSAGES.frequency);
    return false;
  }
  const fieldsValid = problems.clean(() => {
    checkObject(value, RULE_KEYS[frequency as RecurrenceRule['frequency']], path, problems);
    if (frequency !== 'weekdays') checkBounded(value.interval, RULE_BOUNDS.interval, [...path, 'interval'], problems);
    if (frequency === 'weekly') {
      const weekdays = [...path, 'weekdays'];
      const days = value.weekdays;
      if (checkArray(days, weekdays, problems, Infinity, (day, dayPath) => checkWeekday(day, dayPath, problems))) {
        if (days.length === 0) problems.add(weekdays, RULE_MESSAGES.noWeekday);
        else if (!weekdaysInOrder(days as Weekday[])) problems.add(weekdays, RULE_MESSAGES.weekdayOrder);
      }
    }
    if (frequency === 'monthly') checkMonthlyOn(value.on, [...path, 'on'], problems);
    if (frequency === 'yearly') {
      checkBounded(value.month, RULE_BOUNDS.month, [...path, 'month'], problems);
      checkBounded(value.day, RULE_BOUNDS.dayOfMonth, [...path, 'day'], problems);
    }
    checkEnd(value.end, [...path, 'end'], problems);
  });
  // the rule between month and day, once every field is valid
  if (!fieldsValid || frequency !== 'yearly' || yearlyDayExists(value.month as number, value.day as number)) return fieldsValid;
  problems.add([...path, 'day'], RULE_MESSAGES.noSuchDay);
  return false;
}

/** [DM5] [ZF2] `parseRecurrenceRule` without zod: the rule, or why not, field by field. */
export function checkedRecurrenceRule(input: unknown): ParseResult<RecurrenceRule> {
  const problems = new Problems();
  return checkRecurrenceRule(input, [], problems) ? { ok: true, value: input } : { ok: false, reasons: problems.reasons };
}
