import fc from 'fast-check';
import { checkedRecurrenceRule } from './recurrence-check';
import { parseRecurrenceRule } from './recurrence-schema';
import { mutated, mutationArbitrary } from './value-mutations';

const weekday = fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
const number = fc.oneof(fc.integer({ min: -2, max: 33 }), fc.constantFrom(999, 1000, 10_000, 10_001, 1.5, Number.NaN));
const end = fc.oneof(
  fc.constant({ kind: 'never' }),
  fc.record({ kind: fc.constant('after'), count: number }),
  fc.record({ kind: fc.constant('until'), date: fc.constantFrom('2026-05-12', '2026-02-29', '2026-5-1') }),
);

/** Rules of every frequency and end, with numbers in and out of bounds. */
const ruleArbitrary = fc.oneof(
  fc.record({ frequency: fc.constant('daily'), interval: number, end }),
  fc.record({ frequency: fc.constant('weekdays'), end }),
  fc.record({ frequency: fc.constant('weekly'), interval: number, weekdays: fc.array(weekday, { maxLength: 3 }), end }),
  fc.record({
    frequency: fc.constant('monthly'),
    interval: number,
    on: fc.oneof(fc.record({ day: number }), fc.record({ weekday, nth: number })),
    end,
  }),
  fc.record({ frequency: fc.constant('yearly'), interval: number, month: number, day: number, end }),
);

const pathsOf = (reasons: readonly string[]) => [...new Set(reasons.map((reason) => reason.slice(0, reason.indexOf(': '))))];

/** Each path the check names is one zod names, or lies inside or around one (zod names a union where it could not pick a shape). */
function sameFields(check: readonly string[], zod: readonly string[]): boolean {
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  return pathsOf(check).every((path) => pathsOf(zod).some((other) => related(path, other)));
}

describe('the recurrence rule check without zod', () => {
  it('[ZF2] accepts exactly the rules parseRecurrenceRule accepts, and refuses them at the same places', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.option(mutationArbitrary), (rule, mutation) => {
        const input = mutation ? mutated(rule, mutation) : rule;
        const zod = parseRecurrenceRule(input);
        const check = checkedRecurrenceRule(input);
        expect(check.ok).toBe(zod.ok);
        if (!zod.ok && !check.ok) expect(sameFields(check.reasons, zod.reasons)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("[ZF2] [ED3] a refusal says what the form's fields show, in the schema's words", () => {
    expect(checkedRecurrenceRule({ frequency: 'weekly', interval: 0, weekdays: [], end: { kind: 'never' } })).toEqual({
      ok: false,
      reasons: ['interval: must be 1–999', 'weekdays: choose at least one weekday'],
    });
    expect(checkedRecurrenceRule({ frequency: 'yearly', interval: 1, month: 2, day: 30, end: { kind: 'never' } })).toEqual({
      ok: false,
      reasons: ['day: no such day in that month'],
    });
    expect(checkedRecurrenceRule({ frequency: 'hourly' })).toEqual({
      ok: false,
      reasons: ['frequency: must be one of daily, weekdays, weekly, monthly, yearly'],
    });
  });
});
