import fc from 'fast-check';
import { parseWithReasons } from './parse-result';
import { canonicalDuration, canonicalReminders, durationMinutes, REMINDER_LIMITS } from './reminder';
import { checkReminders } from './reminder-check';
import { remindersInputSchema, remindersSchema } from './reminder-schema';
import { checkedTask } from './task-check';
import { newTask } from './task-defaults';
import { taskSchema } from './task-schema';
import { Problems } from './value-check';
import { canonicalTaskState } from '../sync/canonical-task';

const T0 = '2026-03-01T08:00:00.000Z';
const task = newTask({ id: 'task-1', title: 'Dentist', createdAt: T0, updatedAt: T0 });

/** Valid and invalid reminders near every bound. */
const SAMPLES: unknown[] = [
  { id: 'r1', at: '2026-03-01T08:00:00.000Z' },
  { id: 'r1', at: '2026-03-01T10:00:00+02:00' },
  { id: 'r1', at: '2026-03-01T08:00:00Z' },
  { id: 'r1', at: 'tomorrow' },
  { id: 'r1', before: 'PT0M' },
  { id: 'r1', before: 'PT10M' },
  { id: 'r1', before: 'PT90M' },
  { id: 'r1', before: 'P1DT2H30M' },
  { id: 'r1', before: 'P28D' },
  { id: 'r1', before: 'P27DT24H' },
  { id: 'r1', before: 'P28DT1M' },
  { id: 'r1', before: 'PT' },
  { id: 'r1', before: 'P' },
  { id: 'r1', before: '-PT1H' },
  { id: 'r1', before: 'PT1S' },
  { id: 'r1', before: 'P1W' },
  { id: 'r1', before: 'pt1h' },
  { id: 'r1', before: 10 },
  { id: 'bad id!', before: 'PT1H' },
  { id: 'r1' },
  { id: 'r1', at: T0, before: 'PT1H' },
  { id: 'r1', at: T0, extra: 1 },
  { at: T0 },
  null,
  'PT1H',
];

describe('the reminders field', () => {
  it('[RM1] a reminder is { id, at } or { id, before }; spans are PnDTnHnM from PT0M up to 28 days', () => {
    expect(durationMinutes('PT0M')).toBe(0);
    expect(durationMinutes('PT90M')).toBe(90);
    expect(durationMinutes('P1DT2H30M')).toBe(1590);
    expect(durationMinutes('P28D')).toBe(REMINDER_LIMITS.maxBeforeMinutes);
    for (const bad of ['P28DT1M', 'PT', 'P', 'P1DT', '-PT1H', 'PT1S', 'P1W', 'pt1h', 'PT1.5H', 'P1Y'])
      expect([bad, durationMinutes(bad)]).toEqual([bad, null]);
    const ok = (value: unknown) => remindersSchema.safeParse(value).success;
    expect(
      ok([
        { id: 'r1', at: T0 },
        { id: 'r2', before: 'PT10M' },
      ]),
    ).toBe(true);
    expect(
      ok([
        { id: 'r1', at: T0 },
        { id: 'r1', before: 'PT10M' },
      ]),
    ).toBe(false);
    expect(ok(Array.from({ length: REMINDER_LIMITS.maxEntries }, (_, index) => ({ id: `r${index}`, before: 'PT1H' })))).toBe(true);
    expect(ok(Array.from({ length: REMINDER_LIMITS.maxEntries + 1 }, (_, index) => ({ id: `r${index}`, before: 'PT1H' })))).toBe(false);
    const refused = parseWithReasons(taskSchema, { ...task, reminders: [{ id: 'r1', before: 'soon' }] });
    expect(!refused.ok && refused.reasons.join()).toMatch(/reminders\.0.*ISO-8601 duration/);
  });

  it('[RM2] the document holds reminders only in canonical spelling; canonicalTaskState writes it, in id order', () => {
    const ok = (reminder: unknown) => remindersSchema.safeParse([reminder]).success;
    expect(ok({ id: 'r1', at: '2026-03-01T08:00:00.000Z' })).toBe(true);
    expect(ok({ id: 'r1', at: '2026-03-01T10:00:00+02:00' })).toBe(false);
    expect(ok({ id: 'r1', before: 'PT1H30M' })).toBe(true);
    expect(ok({ id: 'r1', before: 'PT90M' })).toBe(false);
    expect(ok({ id: 'r1', before: 'P0D' })).toBe(false);
    expect([0, 10, 60, 90, 1440, 1590, 40320].map(canonicalDuration)).toEqual([
      'PT0M',
      'PT10M',
      'PT1H',
      'PT1H30M',
      'P1D',
      'P1DT2H30M',
      'P28D',
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: REMINDER_LIMITS.maxBeforeMinutes }), (minutes) => {
        expect(durationMinutes(canonicalDuration(minutes))).toBe(minutes);
      }),
    );
    const loose = {
      ...task,
      reminders: [
        { id: 'r2', before: 'PT90M' },
        { id: 'r1', at: '2026-03-01T10:00:00+02:00' },
      ],
    };
    const written = canonicalTaskState(loose);
    expect(written.reminders).toEqual([
      { id: 'r1', at: '2026-03-01T08:00:00.000Z' },
      { id: 'r2', before: 'PT1H30M' },
    ]);
    expect(taskSchema.safeParse(written).success).toBe(true);
    expect(canonicalTaskState(written)).toEqual(written);
    expect(canonicalReminders(written.reminders)).toEqual(written.reminders);
  });

  it('[RM1] [ZF2] the zod-free check accepts exactly the reminders remindersSchema accepts', () => {
    const lists = fc.array(fc.constantFrom(...SAMPLES), { maxLength: 3 });
    fc.assert(
      fc.property(lists, (reminders) => {
        const problems = new Problems();
        expect(checkReminders(reminders, ['reminders'], problems)).toBe(remindersSchema.safeParse(reminders).success);
        expect(checkedTask({ ...task, reminders }).ok).toBe(taskSchema.safeParse({ ...task, reminders }).success);
      }),
      { numRuns: 500 },
    );
    for (const value of [null, {}, 'x', [1]]) expect(checkReminders(value, [], new Problems())).toBe(false);
  });

  it('[RM7] REST takes any ISO spelling of an instant or span, at most 10 reminders, each id once', () => {
    const ok = (value: unknown) => remindersInputSchema.safeParse(value).success;
    expect(
      ok([
        { id: 'r1', at: '2026-03-01T10:00:00+02:00' },
        { id: 'r2', before: 'PT90M' },
      ]),
    ).toBe(true);
    expect(ok([{ id: 'r1', before: 'P29D' }])).toBe(false);
    expect(ok([{ id: 'r1', at: 'tomorrow' }])).toBe(false);
    expect(ok([{ before: 'PT1H' }])).toBe(false);
    expect(
      ok([
        { id: 'r1', at: T0 },
        { id: 'r1', before: 'PT1H' },
      ]),
    ).toBe(false);
    const many = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `r${index}`, before: 'PT1H' }));
    expect(ok(many(REMINDER_LIMITS.maxToSet))).toBe(true);
    expect(ok(many(REMINDER_LIMITS.maxToSet + 1))).toBe(false);
  });
});
