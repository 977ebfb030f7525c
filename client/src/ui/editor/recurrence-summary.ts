import { civilOf, epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import type { RecurrenceRule, Weekday } from '@tasklane/shared/domain/recurrence';
import { MONTH_NAMES } from '../tasks/due-date';

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};
export const WEEKDAY_FULL_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const NTH_LABELS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

function every(interval: number, unit: string): string {
  return interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function endText(end: RecurrenceRule['end']): string {
  if (end.kind === 'after') return ` · ${end.count} ${end.count === 1 ? 'time' : 'times'}`;
  if (end.kind === 'until') {
    const { year, month, day } = civilOf(epochDayOfDate(end.date));
    return ` · until ${day} ${MONTH_NAMES[month - 1]} ${year}`;
  }
  return '';
}

/** [ED4] A rule in words, for the row and the editor: "Every 2 weeks on Tue, Thu · 10 times". */
export function recurrenceSummary(rule: RecurrenceRule): string {
  let text: string;
  switch (rule.frequency) {
    case 'daily':
      text = every(rule.interval, 'day');
      break;
    case 'weekdays':
      text = 'Every weekday';
      break;
    case 'weekly':
      text = `${every(rule.interval, 'week')} on ${rule.weekdays.map((day) => WEEKDAY_LABELS[day]).join(', ')}`;
      break;
    case 'monthly':
      text = `${every(rule.interval, 'month')} on the ${
        'day' in rule.on ? ordinal(rule.on.day) : `${NTH_LABELS[rule.on.nth]} ${WEEKDAY_FULL_LABELS[rule.on.weekday]}`
      }`;
      break;
    case 'yearly':
      text = `${every(rule.interval, 'year')} on ${rule.day} ${MONTH_NAMES[rule.month - 1]}`;
      break;
  }
  return text + endText(rule.end);
}
