import fc from 'fast-check';
import { mergeTask } from '../sync/merge-task';
import { asWritten, completeOnDevice } from '../sync/task-arbitraries';
import { newTask } from './task-defaults';
import { canonicalCompletions, COMPLETIONS_MAX, completionsProblem, joinCompletions, withCompletion, type Completion } from './completions';

const instant = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00.000Z'), max: Date.parse('2026-12-31T00:00:00.000Z') })
  .map((ms) => new Date(ms).toISOString());
const entry = fc.record({ occurrence: fc.nat({ max: 150 }), at: instant });
const log = fc.array(entry, { maxLength: COMPLETIONS_MAX + 30 }).map(canonicalCompletions);

/** A daily series from 2 March 2026, as the app writes it. */
function dailySeries() {
  return asWritten(
    newTask({
      id: 'stretch',
      title: 'Stretch',
      createdAt: '2026-03-01T08:00:00.000Z',
      updatedAt: '2026-03-01T08:00:00.000Z',
      due: { date: '2026-03-02' },
      recurrence: { rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } }, start: { date: '2026-03-02' }, startOccurrence: 0 },
      recurrenceEditedAt: '2026-03-01T08:00:00.000Z',
    }),
  );
}

const day = (index: number) => new Date(Date.UTC(2026, 0, 1 + index)).toISOString();

describe('completions of a series', () => {
  it('[IN2] joining two logs is a join: the order, grouping and repetition of merges change nothing; each occurrence once, at its earliest time; the latest kept', () => {
    fc.assert(
      fc.property(log, log, log, (a, b, c) => {
        expect(joinCompletions(a, b)).toEqual(joinCompletions(b, a));
        expect(joinCompletions(joinCompletions(a, b), c)).toEqual(joinCompletions(a, joinCompletions(b, c)));
        expect(joinCompletions(a, a)).toEqual(a);
        const joined = joinCompletions(a, b);
        expect(completionsProblem(joined)).toBeNull();
        for (const { occurrence, at } of joined) {
          const times = [...a, ...b].filter((entry) => entry.occurrence === occurrence).map((entry) => entry.at);
          expect(at).toBe(times.sort()[0]);
        }
      }),
    );
  });

  it('[IN2] a completion is logged once per occurrence, in order, and the oldest fall off past the bound', () => {
    expect(withCompletion([{ occurrence: 2, at: day(2) }], 1, day(1))).toEqual([
      { occurrence: 1, at: day(1) },
      { occurrence: 2, at: day(2) },
    ]);
    expect(withCompletion([{ occurrence: 2, at: day(2) }], 2, day(3))).toEqual([{ occurrence: 2, at: day(2) }]);
    const full: Completion[] = Array.from({ length: COMPLETIONS_MAX }, (_, index) => ({ occurrence: index, at: day(index) }));
    const next = withCompletion(full, COMPLETIONS_MAX, day(COMPLETIONS_MAX));
    expect(next).toHaveLength(COMPLETIONS_MAX);
    expect(next[0]).toEqual(full[1]);
    expect(completionsProblem([full[1]!, full[0]!])).toBe('completions must be ascending by occurrence, each once');
    expect(completionsProblem([...full, { occurrence: COMPLETIONS_MAX, at: day(0) }])).toBe(`at most ${COMPLETIONS_MAX} completions`);
  });

  it('[IN2] a series completed on two devices: the same occurrence counts once; different occurrences both stay, whichever side merges', () => {
    const base = { ...dailySeries(), seq: 1 };
    const phone = completeOnDevice(base, '2026-03-02T09:00:00.000Z');
    const laptop = completeOnDevice(base, '2026-03-02T10:00:00.000Z');
    for (const [local, master] of [
      [phone, laptop],
      [laptop, phone],
    ] as const) {
      expect(mergeTask({ local, master: { ...master, seq: 2 }, base }).merged.completions).toEqual([
        { occurrence: base.occurrence, at: '2026-03-02T09:00:00.000Z' },
      ]);
    }
    const later = completeOnDevice(phone, '2026-03-03T09:00:00.000Z');
    expect(mergeTask({ local: laptop, master: { ...later, seq: 3 }, base }).merged.completions).toEqual([
      { occurrence: base.occurrence, at: '2026-03-02T09:00:00.000Z' },
      { occurrence: base.occurrence + 1, at: '2026-03-03T09:00:00.000Z' },
    ]);
  });
});
