import fc from 'fast-check';
import { dateOfEpochDay, epochDayOfDate } from '../domain/calendar-date';
import type { Due } from '../domain/due';
import type { RecurrenceEnd, RecurrenceRule } from '../domain/recurrence';
import { recurringDue, type RecurringState } from '../domain/recurring-state';
import { recurringStateSchema } from '../domain/recurring-state-schema';
import { completeOccurrence, mergeRecurringState, restartSeries, undoCompletion, withRecurringDerivation } from './advance-recurring';

const never: RecurrenceEnd = { kind: 'never' };
const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: never };
const T0 = '2026-01-01T08:00:00.000Z';

function stateOf(rule: RecurrenceRule, start: Due, occurrence = 0, editedAt = T0): RecurringState {
  return { recurrence: { rule, start, startOccurrence: 0 }, recurrenceEditedAt: editedAt, occurrence };
}

function dueOf(state: RecurringState): Due | undefined {
  return recurringDue(state)?.due;
}

function complete(state: RecurringState, times = 1): RecurringState {
  let current = state;
  for (let time = 0; time < times; time += 1) current = completeOccurrence(current) ?? current;
  return current;
}

describe('recurring tasks: state and completion', () => {
  it('[DM9] the recurrence fields are parsed strictly and the due is derived from the series and the counter', () => {
    const valid = stateOf(daily, { date: '2026-01-01' }, 3);
    expect(recurringStateSchema.safeParse(valid).success).toBe(true);
    expect(dueOf(valid)).toEqual({ date: '2026-01-04' });
    expect(recurringStateSchema.safeParse({ recurrence: null, recurrenceEditedAt: null, occurrence: 0 }).success).toBe(true);
    expect(recurringDue({ recurrence: null, recurrenceEditedAt: T0, occurrence: 4 })).toBeNull();

    const reasons = (value: unknown) =>
      recurringStateSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(reasons({ ...valid, recurrenceEditedAt: null })).toEqual(['recurrenceEditedAt: a series needs the time it was set']);
    expect(reasons({ ...valid, recurrence: { ...valid.recurrence, startOccurrence: 5 } })).toEqual([
      'occurrence: the counter is below the start of its series',
    ]);
    expect(reasons({ ...valid, occurrence: -1 })).toContain('occurrence: must not be negative');
    expect(reasons({ ...valid, recurrenceEditedAt: '2026-01-01T08:00:00Z' })).toEqual([
      'recurrenceEditedAt: must be an instant spelled YYYY-MM-DDTHH:mm:ss.sssZ (UTC, milliseconds)',
    ]);
    const endsBefore = stateOf({ ...daily, end: { kind: 'until', date: '2025-12-31' } }, { date: '2026-01-01' });
    expect(reasons(endsBefore)).toEqual(['recurrence.start: the rule ends before the series starts']);
    expect(reasons({ ...valid, extra: true })).toEqual([': Unrecognized key: "extra"']);
  });

  it('[DM10] completing advances the same task to its next occurrence; past the end it stays on its last due, done', () => {
    const twice = stateOf({ ...daily, end: { kind: 'after', count: 2 } }, { date: '2026-01-01' });
    const first = completeOccurrence(twice)!;
    expect(first.occurrence).toBe(1);
    expect(recurringDue(first)).toEqual({ due: { date: '2026-01-02' }, ended: false });
    const last = completeOccurrence(first)!;
    expect(recurringDue(last)).toEqual({ due: { date: '2026-01-02' }, ended: true });
    expect(completeOccurrence(last)).toBeNull();
    expect(completeOccurrence({ recurrence: null, recurrenceEditedAt: null, occurrence: 0 })).toBeNull();

    const task = { ...last, due: { date: '2026-01-01' }, status: 'todo' as const, completedAt: null };
    expect(withRecurringDerivation(task, '2026-01-02T09:00:00.000Z')).toMatchObject({
      due: { date: '2026-01-02' },
      status: 'done',
      completedAt: '2026-01-02T09:00:00.000Z',
    });
    const running = { ...first, due: null, status: 'done' as const, completedAt: '2026-01-01T09:00:00.000Z' };
    expect(withRecurringDerivation(running, T0)).toMatchObject({ due: { date: '2026-01-02' }, status: 'todo', completedAt: null });
    const plain = { recurrence: null, recurrenceEditedAt: null, occurrence: 0, due: null, status: 'done' as const, completedAt: T0 };
    expect(withRecurringDerivation(plain, T0)).toBe(plain);
  });

  it('[DM10] completing passes over an occurrence on a day the zone skipped, keeping the wall-clock time', () => {
    const apia = stateOf(daily, { at: '2011-12-29T20:00:00.000Z', timeZone: 'Pacific/Apia' }); // 12-29 10:00 −10:00
    const next = completeOccurrence(apia)!;
    expect(next.occurrence).toBe(2);
    expect(dueOf(next)).toEqual({ at: '2011-12-30T20:00:00.000Z', timeZone: 'Pacific/Apia' }); // 12-31 10:00 +14:00
    const berlin = stateOf(daily, { at: '2026-03-28T08:00:00.000Z', timeZone: 'Europe/Berlin' }); // 09:00 +01:00
    expect(dueOf(complete(berlin, 2))).toEqual({ at: '2026-03-30T07:00:00.000Z', timeZone: 'Europe/Berlin' }); // 09:00 +02:00
  });

  it('[DM11] two devices that complete the same occurrence advance it once; one that completed twice wins', () => {
    const shared = stateOf({ frequency: 'weekly', interval: 1, weekdays: ['mon', 'thu'], end: never }, { date: '2026-01-05' }, 4);
    expect(dueOf(shared)).toEqual({ date: '2026-01-19' });
    const phone = complete(shared);
    const laptop = complete(shared);
    expect(dueOf(mergeRecurringState(phone, laptop))).toEqual({ date: '2026-01-22' });
    expect(mergeRecurringState(phone, laptop).occurrence).toBe(5);
    const busy = complete(shared, 2);
    expect(dueOf(mergeRecurringState(busy, laptop))).toEqual({ date: '2026-01-26' });
    expect(mergeRecurringState(laptop, busy)).toEqual(busy);
  });

  it('[DM12] a series edit keeps the counter; a completion on one device survives an edit on another', () => {
    const shared = stateOf(daily, { date: '2026-01-01' }, 2); // due 01-03
    const phone = complete(shared); // completes 01-03
    const weekly: RecurrenceRule = { frequency: 'weekly', interval: 1, weekdays: ['sat'], end: never };
    const laptop = restartSeries(shared, { rule: weekly, start: { date: '2026-01-03' } }, '2026-01-02T10:00:00.000Z');
    expect(laptop.occurrence).toBe(2);
    expect(dueOf(laptop)).toEqual({ date: '2026-01-03' });
    // The laptop's new series wins; the phone's completion of occurrence 2 moves it on: next Saturday.
    const merged = mergeRecurringState(phone, laptop);
    expect(merged.recurrence).toEqual(laptop.recurrence);
    expect(dueOf(merged)).toEqual({ date: '2026-01-10' });
    // A device whose clock runs behind still moves the series clock past what it has seen.
    const late = restartSeries(laptop, null, '2025-06-01T00:00:00.000Z');
    expect(late.recurrenceEditedAt).toBe('2026-01-02T10:00:00.001Z');
    expect(mergeRecurringState(late, laptop).recurrence).toBeNull();
  });

  it('[DM12] undoing a completion restores the due without lowering the counter, and keeps what is left of a count', () => {
    const rule: RecurrenceRule = { ...daily, end: { kind: 'after', count: 3 } };
    const before = stateOf(rule, { date: '2026-01-01' }, 1); // due 01-02, 2 occurrences left
    const completed = complete(before);
    const undone = undoCompletion(before, completed, '2026-01-02T12:00:00.000Z');
    expect(undone.occurrence).toBe(completed.occurrence);
    expect(dueOf(undone)).toEqual({ date: '2026-01-02' });
    expect(recurringDue(complete(undone, 1))).toEqual({ due: { date: '2026-01-03' }, ended: false });
    expect(recurringDue(complete(undone, 2))).toEqual({ due: { date: '2026-01-03' }, ended: true });
    // Another device completed the same occurrence meanwhile: the later undo holds, and the counter does not double.
    const other = complete(before);
    expect(dueOf(mergeRecurringState(other, undone))).toEqual({ date: '2026-01-02' });
    expect(mergeRecurringState(other, undone).occurrence).toBe(2);
    expect(() => undoCompletion({ recurrence: null, recurrenceEditedAt: null, occurrence: 0 }, completed, T0)).toThrow();
  });
});

const CLOCKS = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];

const ruleArbitrary: fc.Arbitrary<RecurrenceRule> = fc.oneof(
  fc.record({ frequency: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 9 }), end: fc.constant(never) }),
  fc.record({ frequency: fc.constant('weekdays' as const), end: fc.constant(never) }),
  fc.record({
    frequency: fc.constant('daily' as const),
    interval: fc.constant(1),
    end: fc.constant<RecurrenceEnd>({ kind: 'after', count: 6 }),
  }),
  fc.record({
    frequency: fc.constant('monthly' as const),
    interval: fc.constant(1),
    on: fc.record({ day: fc.integer({ min: 28, max: 31 }) }),
    end: fc.constant(never),
  }),
);

const startArbitrary: fc.Arbitrary<Due> = fc.oneof(
  fc.integer({ min: epochDayOfDate('2026-01-01'), max: epochDayOfDate('2026-12-31') }).map((day) => ({ date: dateOfEpochDay(day) })),
  fc
    .tuple(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
      fc.constantFrom('Europe/Berlin', 'Pacific/Apia'),
    )
    .map(([at, timeZone]) => ({ at: new Date(at).toISOString(), timeZone })),
);

/** A state one device may hold: a series (or none) set at one of a few clocks, with some completions on it. */
const stateArbitrary: fc.Arbitrary<RecurringState> = fc
  .record({
    series: fc.option(fc.record({ rule: ruleArbitrary, start: startArbitrary, startOccurrence: fc.integer({ min: 0, max: 5 }) }), {
      nil: null,
    }),
    editedAt: fc.constantFrom(...CLOCKS),
    extra: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ series, editedAt, extra }) => ({
    recurrence: series,
    recurrenceEditedAt: editedAt,
    occurrence: (series?.startOccurrence ?? 0) + extra,
  }));

/** What a device does offline to the state it holds. */
type Edit = { kind: 'complete' } | { kind: 'undo' } | { kind: 'restart'; rule: RecurrenceRule; start: Due; at: string };
const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Edit>({ kind: 'complete' }) },
  { weight: 1, arbitrary: fc.constant<Edit>({ kind: 'undo' }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restart' as const),
      rule: ruleArbitrary,
      start: startArbitrary,
      at: fc.constantFrom(...CLOCKS),
    }),
  },
);

function applyEdits(state: RecurringState, edits: Edit[]): RecurringState {
  let current = state;
  let previous: RecurringState | null = null;
  for (const edit of edits) {
    if (edit.kind === 'complete') {
      const next = completeOccurrence(current);
      if (next) [previous, current] = [current, next];
    } else if (edit.kind === 'undo' && previous) {
      [previous, current] = [null, undoCompletion(previous, current, '2026-01-02T12:00:00.000Z')];
    } else if (edit.kind === 'restart') {
      [previous, current] = [null, restartSeries(current, { rule: edit.rule, start: edit.start }, edit.at)];
    }
  }
  return current;
}

describe('recurring tasks: merge properties', () => {
  it('[DM11] the merge of the recurrence fields is commutative, associative and idempotent, and keeps the state valid', () => {
    fc.assert(
      fc.property(stateArbitrary, stateArbitrary, stateArbitrary, (a, b, c) => {
        expect(mergeRecurringState(a, b)).toEqual(mergeRecurringState(b, a));
        expect(mergeRecurringState(mergeRecurringState(a, b), c)).toEqual(mergeRecurringState(a, mergeRecurringState(b, c)));
        expect(mergeRecurringState(a, a)).toEqual(a);
        const merged = mergeRecurringState(a, b);
        expect(merged.occurrence).toBe(Math.max(a.occurrence, b.occurrence));
        if (merged.recurrence) expect(merged.occurrence).toBeGreaterThanOrEqual(merged.recurrence.startOccurrence);
      }),
    );
  });

  it('[DM11] both devices complete occurrence k: the merge is occurrence k+1, its due the one after k', () => {
    fc.assert(
      fc.property(stateArbitrary, fc.integer({ min: 0, max: 3 }), (shared, extra) => {
        const current = recurringDue(shared);
        fc.pre(current !== null && !current.ended);
        const phone = completeOccurrence(shared)!;
        const laptop = completeOccurrence(shared)!;
        const merged = mergeRecurringState(phone, laptop);
        expect(merged).toEqual(phone);
        expect(recurringDue(merged)).toEqual(recurringDue(phone));
        if (recurringDue(phone)!.ended) expect(recurringDue(merged)!.due).toEqual(current.due);
        else expect(recurringDue(merged)!.due).not.toEqual(current.due);
        // One device went on completing: its later occurrence is kept, whichever side merges.
        const busy = complete(phone, extra);
        expect(mergeRecurringState(laptop, busy)).toEqual(busy);
        expect(mergeRecurringState(busy, laptop)).toEqual(busy);
      }),
    );
  });

  it('[DM11] [DM12] devices editing offline converge whatever order their states are merged in', () => {
    fc.assert(
      fc.property(
        stateArbitrary,
        fc.array(fc.array(editArbitrary, { maxLength: 4 }), { minLength: 2, maxLength: 4 }),
        (shared, devices) => {
          const replicas = devices.map((edits) => applyEdits(shared, edits));
          const forward = replicas.reduce(mergeRecurringState);
          const backward = [...replicas].reverse().reduce(mergeRecurringState);
          expect(backward).toEqual(forward);
          expect(forward.occurrence).toBe(Math.max(...replicas.map((replica) => replica.occurrence)));
          expect(forward.occurrence).toBeGreaterThanOrEqual(shared.occurrence);
          if (forward.recurrence) expect(recurringStateSchema.safeParse(forward).success).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
