import fc from 'fast-check';
import { regexes } from 'zod/v4/core';
import { parseWithReasons } from './parse-result';
import { taskArbitrary } from '../sync/task-arbitraries';
import { canonicalInstantProblem } from './canonical-instant';
import { canonicalInstantSchema } from './canonical-instant-schema';
import { ISO_DATE_TIME_PATTERN, isoDateTimeProblem } from './iso-timestamp';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { checkedTask } from './task-check';
import { newTask } from './task-defaults';
import { storedTaskSchema, taskSchema } from './task-schema';
import { fieldsOf, mutated, mutationArbitrary, REPLACEMENTS } from './value-mutations';

const RUNS = { numRuns: 2000 };
const T0 = '2026-01-01T08:00:00.000Z';

describe('the task check without zod', () => {
  it('[ZF2] accepts exactly the tasks taskSchema accepts, and names fields zod names too when it refuses', () => {
    fc.assert(
      fc.property(taskArbitrary, mutationArbitrary, (task, mutation) => {
        const input = mutated(task, mutation);
        const zod = parseWithReasons(taskSchema, input);
        const check = checkedTask(input);
        expect(check.ok).toBe(zod.ok);
        // zod also applies the rules between fields when a field broke only a refinement; the check waits for valid fields
        if (!zod.ok && !check.ok) expect(fieldsOf(zod.reasons)).toEqual(expect.arrayContaining(fieldsOf(check.reasons)));
      }),
      RUNS,
    );
  });

  it('[ZF2] the stored and exported variants follow storedTaskSchema and the export (no seq; a tombstone)', () => {
    fc.assert(
      fc.property(taskArbitrary, fc.boolean(), fc.boolean(), (task, withSeq, deleted) => {
        const input: Record<string, unknown> = { ...task, _deleted: deleted };
        if (!withSeq) delete input.seq;
        expect(checkedTask(input, 'stored').ok).toBe(storedTaskSchema.safeParse(input).success);
        expect(checkedTask(input, 'exported').ok).toBe(!deleted);
      }),
    );
  });

  it('[ZF2] says why, field by field, in the spelling of parseWithReasons', () => {
    const task = newTask({ id: 'task-1', title: 'Plants', createdAt: T0, updatedAt: T0 });
    expect(checkedTask(task)).toEqual({ ok: true, value: task });
    const refused = checkedTask({ ...task, title: '', tags: ['a', 'a'], listId: 'not an id!', extra: 1 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reasons).toEqual([
      '(root): unknown key: "extra"',
      'title: must be at least 1 characters',
      'listId: id may contain only letters, digits, "-" and "_"',
      'tags: tags must be unique',
    ]);
    expect(checkedTask(null)).toEqual({ ok: false, reasons: ['(root): must be an object, not null'] });
  });

  it("[ZF2] the ISO date-time pattern is zod's, and the date-time check isoDateTimeSchema's", () => {
    expect(ISO_DATE_TIME_PATTERN.source).toBe(regexes.datetime({ offset: true }).source);
    const texts = fc.oneof(
      fc.constantFrom(...REPLACEMENTS.filter((value): value is string => typeof value === 'string')),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.stringMatching(/^[0-9+-]{4,7}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,40})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$/),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(isoDateTimeProblem(text) === null).toBe(isoDateTimeSchema.safeParse(text).success);
      }),
      RUNS,
    );
  });

  it('[ZF2] what made the zod schemas throw is refused, by both: a clock on a day the calendar lacks, a series with an invalid start', () => {
    expect(canonicalInstantProblem('2024-13-45T00:00:00.000Z')).toMatch(/must be an instant/);
    expect(canonicalInstantSchema.safeParse('2024-13-45T00:00:00.000Z').success).toBe(false);
    const task = newTask({ id: 'task-1', title: 'Plants', createdAt: T0, updatedAt: T0 });
    const recurring = { ...task, due: { date: '2026-01-01' }, recurrenceEditedAt: T0 };
    const series = { rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } }, startOccurrence: 0 };
    for (const start of [
      { at: '', timeZone: 'UTC' },
      { at: T0, timeZone: 'Mars/Olympus' },
    ]) {
      const input = { ...recurring, recurrence: { ...series, start } };
      expect(taskSchema.safeParse(input).success).toBe(false);
      expect(checkedTask(input).ok).toBe(false);
    }
  });
});
