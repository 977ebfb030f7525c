import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { recurrenceFormFor, ruleFromForm, sameRule, type RecurrenceForm } from './recurrence-form';
import { recurrenceSummary } from './recurrence-summary';

// Tuesday 12 May 2026: the second Tuesday of its month
const ANCHOR = '2026-05-12';
const form = (change: Partial<RecurrenceForm>): RecurrenceForm => ({ ...recurrenceFormFor(null, ANCHOR), ...change });

describe('the recurrence form', () => {
  it('[ED3] builds each kind of rule, checked by the shared parser', () => {
    expect(ruleFromForm(form({ frequency: 'none' }))).toEqual({ ok: true, rule: null });
    expect(ruleFromForm(form({ frequency: 'daily', interval: '3' }))).toEqual({
      ok: true,
      rule: { frequency: 'daily', interval: 3, end: { kind: 'never' } },
    });
    expect(ruleFromForm(form({ frequency: 'weekdays', end: 'after', count: '5' }))).toEqual({
      ok: true,
      rule: { frequency: 'weekdays', end: { kind: 'after', count: 5 } },
    });
    // chosen days come out in the order mon…sun, whatever order they were ticked in
    expect(ruleFromForm(form({ frequency: 'weekly', interval: '2', weekdays: ['thu', 'tue'] }))).toEqual({
      ok: true,
      rule: { frequency: 'weekly', interval: 2, weekdays: ['tue', 'thu'], end: { kind: 'never' } },
    });
    expect(ruleFromForm(form({ frequency: 'monthly' }))).toMatchObject({ ok: true, rule: { on: { day: 12 } } });
    expect(ruleFromForm(form({ frequency: 'monthly', monthlyOn: 'weekday' }))).toMatchObject({
      ok: true,
      rule: { on: { weekday: 'tue', nth: 2 } },
    });
    expect(ruleFromForm(form({ frequency: 'yearly', end: 'until', until: '2030-05-12' }))).toEqual({
      ok: true,
      rule: { frequency: 'yearly', interval: 1, month: 5, day: 12, end: { kind: 'until', date: '2030-05-12' } },
    });
  });

  it('[ED3] refuses what the parser refuses, naming the field as the form labels it', () => {
    const refused = ruleFromForm(form({ frequency: 'weekly', interval: '0', weekdays: [] }));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Every: /), expect.stringMatching(/^On: /)]),
    );
    const noCount = ruleFromForm(form({ frequency: 'daily', end: 'after', count: '' }));
    expect(!noCount.ok && noCount.reasons.join()).toMatch(/^Times: /);
    const badYear = ruleFromForm(form({ frequency: 'yearly', yearMonth: '2', yearDay: '30' }));
    expect(!badYear.ok && badYear.reasons).toEqual(['Day: no such day in that month']);
  });

  it('[ED3] a task without a rule gets defaults from its due; a rule round-trips through the form', () => {
    expect(recurrenceFormFor(null, '2026-05-30')).toMatchObject({ weekdays: ['sat'], monthDay: '30', nth: '-1', nthWeekday: 'sat' });
    const rules: RecurrenceRule[] = [
      { frequency: 'daily', interval: 2, end: { kind: 'after', count: 4 } },
      { frequency: 'weekly', interval: 1, weekdays: ['mon', 'fri'], end: { kind: 'never' } },
      { frequency: 'monthly', interval: 3, on: { weekday: 'sun', nth: -1 }, end: { kind: 'until', date: '2027-01-01' } },
      { frequency: 'yearly', interval: 1, month: 2, day: 29, end: { kind: 'never' } },
    ];
    for (const rule of rules) {
      const back = ruleFromForm(recurrenceFormFor(rule, ANCHOR));
      expect(back.ok && sameRule(back.rule, rule)).toBe(true);
    }
    expect(sameRule(rules[0]!, rules[1]!)).toBe(false);
  });

  it('[ED4] says a rule in words', () => {
    expect(recurrenceSummary({ frequency: 'daily', interval: 1, end: { kind: 'never' } })).toBe('Every day');
    expect(recurrenceSummary({ frequency: 'weekdays', end: { kind: 'after', count: 1 } })).toBe('Every weekday · 1 time');
    expect(recurrenceSummary({ frequency: 'weekly', interval: 2, weekdays: ['tue', 'thu'], end: { kind: 'after', count: 10 } })).toBe(
      'Every 2 weeks on Tue, Thu · 10 times',
    );
    expect(recurrenceSummary({ frequency: 'monthly', interval: 1, on: { day: 31 }, end: { kind: 'never' } })).toBe(
      'Every month on the 31st',
    );
    expect(recurrenceSummary({ frequency: 'monthly', interval: 2, on: { weekday: 'fri', nth: -1 }, end: { kind: 'never' } })).toBe(
      'Every 2 months on the last Friday',
    );
    expect(recurrenceSummary({ frequency: 'yearly', interval: 1, month: 5, day: 4, end: { kind: 'until', date: '2030-05-04' } })).toBe(
      'Every year on 4 May · until 4 May 2030',
    );
  });
});
