import { civilOf, epochDayOfDate, isoWeekdayOf, type CalendarDate } from '@tasklane/shared/domain/calendar-date';
import { WEEKDAYS, type RecurrenceRule, type Weekday } from '@tasklane/shared/domain/recurrence';
import { checkedRecurrenceRule } from '@tasklane/shared/domain/recurrence-check';

export type RepeatFrequency = 'none' | RecurrenceRule['frequency'];
export type EndKind = RecurrenceRule['end']['kind'];

/** What the recurrence fields of the editor hold; numbers stay text until the rule is built, so a half-typed one is kept. */
export type RecurrenceForm = {
  frequency: RepeatFrequency;
  interval: string;
  weekdays: Weekday[];
  monthlyOn: 'day' | 'weekday';
  monthDay: string;
  /** '1'–'4', or '-1' for the last. */
  nth: string;
  nthWeekday: Weekday;
  yearMonth: string;
  yearDay: string;
  end: EndKind;
  count: string;
  until: string;
};

/** What each field of the rule is called in the form, so a refusal names what the user sees. */
const FIELD_LABELS: Record<string, string> = {
  interval: 'Every',
  weekdays: 'On',
  'on.day': 'Day of the month',
  'on.nth': 'Week of the month',
  'on.weekday': 'Weekday',
  month: 'Month',
  day: 'Day',
  'end.count': 'Times',
  'end.date': 'Until',
  end: 'Ends',
  frequency: 'Repeat',
};

/**
 * The form for a task's rule, or — without one — defaults taken from the day the series would start on (its
 * weekday, day of month, nth weekday and month), so choosing "weekly" or "monthly" repeats on that day.
 */
export function recurrenceFormFor(rule: RecurrenceRule | null, anchor: CalendarDate): RecurrenceForm {
  const epochDay = epochDayOfDate(anchor);
  const { month, day } = civilOf(epochDay);
  const weekday = WEEKDAYS[isoWeekdayOf(epochDay) - 1]!;
  // a 29th–31st is the fifth such weekday, which only "last" can name
  const nth = day > 28 ? -1 : Math.ceil(day / 7);
  const form: RecurrenceForm = {
    frequency: 'none',
    interval: '1',
    weekdays: [weekday],
    monthlyOn: 'day',
    monthDay: String(day),
    nth: String(nth),
    nthWeekday: weekday,
    yearMonth: String(month),
    yearDay: String(day),
    end: 'never',
    count: '10',
    until: '',
  };
  if (!rule) return form;
  form.frequency = rule.frequency;
  if ('interval' in rule) form.interval = String(rule.interval);
  if (rule.frequency === 'weekly') form.weekdays = [...rule.weekdays];
  if (rule.frequency === 'monthly') {
    if ('day' in rule.on) {
      form.monthlyOn = 'day';
      form.monthDay = String(rule.on.day);
    } else {
      form.monthlyOn = 'weekday';
      form.nth = String(rule.on.nth);
      form.nthWeekday = rule.on.weekday;
    }
  }
  if (rule.frequency === 'yearly') {
    form.yearMonth = String(rule.month);
    form.yearDay = String(rule.day);
  }
  form.end = rule.end.kind;
  if (rule.end.kind === 'after') form.count = String(rule.end.count);
  if (rule.end.kind === 'until') form.until = rule.end.date;
  return form;
}

/** A number field's text as JSON would carry it: blank is missing, so the parser says the field is required. */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function endOf(form: RecurrenceForm): unknown {
  if (form.end === 'after') return { kind: 'after', count: numberOf(form.count) };
  if (form.end === 'until') return { kind: 'until', date: form.until };
  return { kind: 'never' };
}

function candidateOf(form: RecurrenceForm): unknown {
  const end = endOf(form);
  const interval = numberOf(form.interval);
  switch (form.frequency) {
    case 'daily':
      return { frequency: 'daily', interval, end };
    case 'weekdays':
      return { frequency: 'weekdays', end };
    case 'weekly':
      return { frequency: 'weekly', interval, weekdays: WEEKDAYS.filter((day) => form.weekdays.includes(day)), end };
    case 'monthly':
      return {
        frequency: 'monthly',
        interval,
        on: form.monthlyOn === 'day' ? { day: numberOf(form.monthDay) } : { weekday: form.nthWeekday, nth: numberOf(form.nth) },
        end,
      };
    case 'yearly':
      return { frequency: 'yearly', interval, month: numberOf(form.yearMonth), day: numberOf(form.yearDay), end };
    default:
      return null;
  }
}

export type RuleFromForm = { ok: true; rule: RecurrenceRule | null } | { ok: false; reasons: string[] };

/** [ED3] The form → a rule checked by the shared rules ([DM5], without zod: [ZF2]); each refusal names the form's field. */
export function ruleFromForm(form: RecurrenceForm): RuleFromForm {
  const candidate = candidateOf(form);
  if (candidate === null) return { ok: true, rule: null };
  const parsed = checkedRecurrenceRule(candidate);
  if (parsed.ok) return { ok: true, rule: parsed.value };
  return {
    ok: false,
    reasons: parsed.reasons.map((reason) => {
      const split = reason.indexOf(': ');
      const path = reason.slice(0, split);
      return `${FIELD_LABELS[path] ?? path}: ${reason.slice(split + 2)}`;
    }),
  };
}

/** JSON with object keys sorted: two spellings of one rule give one text. */
function stableText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableText(item)}`).join(',')}}`;
}

/** Two rules say the same (key order aside). */
export function sameRule(a: RecurrenceRule | null, b: RecurrenceRule | null): boolean {
  return stableText(a) === stableText(b);
}
