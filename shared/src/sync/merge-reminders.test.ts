import fc from 'fast-check';
import { isAtReminder, type Reminder } from '../domain/reminder';
import { recurringDue } from '../domain/recurring-state';
import type { Task } from '../domain/task';
import { taskSchema } from '../domain/task-schema';
import { occurrenceShiftMs, remindersFollowingOccurrence } from './advance-reminders';
import { mergeReminders } from './merge-reminders';
import { mergeTask } from './merge-task';
import {
  applyDeviceEdit,
  completeOnDevice,
  deviceEditArbitrary,
  instantArbitrary,
  reminderEditArbitrary,
  applyReminderEdits,
  taskArbitrary,
} from './task-arbitraries';

const AT = (id: string, at: string): Reminder => ({ id, at });
const BEFORE = (id: string, before: string): Reminder => ({ id, before });
const T1 = '2026-03-01T08:00:00.000Z';
const T2 = '2026-03-02T08:00:00.000Z';

const runningTask = taskArbitrary.filter((task) => {
  const due = recurringDue(task);
  return due !== null && !due.ended && !task._deleted;
});

describe('merging reminders', () => {
  it('[RM5] item by item: additions on both sides kept, a removal wins over an edit, a change on one side wins, both changed: the later', () => {
    const base = [AT('a', T1), BEFORE('b', 'PT10M'), BEFORE('c', 'PT1H'), BEFORE('d', 'P1D')];
    const local = [AT('a', T2), BEFORE('b', 'PT10M'), BEFORE('c', 'PT2H'), BEFORE('n1', 'PT0M')]; // a changed, d removed
    const master = [AT('a', T1), BEFORE('c', 'PT3H'), BEFORE('d', 'PT5M'), AT('n2', T2)]; // b removed, d changed
    expect(mergeReminders({ local, master, base, localIsNewer: true })).toEqual([
      AT('a', T2),
      BEFORE('c', 'PT2H'),
      BEFORE('n1', 'PT0M'),
      AT('n2', T2),
    ]);
    expect(mergeReminders({ local, master, base, localIsNewer: false }).find((reminder) => reminder.id === 'c')).toEqual(
      BEFORE('c', 'PT3H'),
    );
    // [M6] Without a base nothing reads as removed: the union, a reminder on both sides to the later side.
    expect(mergeReminders({ local, master, base: undefined, localIsNewer: false }).map((reminder) => reminder.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'n1',
      'n2',
    ]);
  });

  it('[RM5] through mergeTask: a reminder removed on one device stays removed, one added survives, one edited on one side keeps the edit', () => {
    fc.assert(
      fc.property(
        taskArbitrary,
        fc.array(reminderEditArbitrary, { minLength: 1, maxLength: 3 }),
        fc.array(reminderEditArbitrary, { minLength: 1, maxLength: 3 }),
        instantArbitrary,
        instantArbitrary,
        (base, localEdits, masterEdits, t1, t2) => {
          const local = { ...base, reminders: applyReminderEdits(base.reminders, localEdits), updatedAt: t1 };
          const master = { ...base, reminders: applyReminderEdits(base.reminders, masterEdits), updatedAt: t2, seq: base.seq! + 1 };
          const { merged } = mergeTask({ local, master, base });
          expect(taskSchema.safeParse(merged).success).toBe(true);
          const ids = merged.reminders.map((reminder) => reminder.id);
          expect(ids).toEqual([...ids].sort());
          const baseIds = new Set(base.reminders.map((reminder) => reminder.id));
          const has = (task: Task, id: string) => task.reminders.some((reminder) => reminder.id === id);
          for (const side of [local, master]) {
            const other = side === local ? master : local;
            for (const reminder of base.reminders) if (!has(side, reminder.id)) expect(ids).not.toContain(reminder.id);
            for (const reminder of side.reminders) {
              if (!baseIds.has(reminder.id)) expect(ids).toContain(reminder.id);
              const before = base.reminders.find((candidate) => candidate.id === reminder.id);
              const untouchedByOther =
                JSON.stringify(other.reminders.find((candidate) => candidate.id === reminder.id)) === JSON.stringify(before);
              if (before && untouchedByOther) expect(merged.reminders).toContainEqual(reminder);
            }
          }
        },
      ),
    );
  });

  it('[RM4] completing a recurring task moves its at reminders by as far as the due moved; before reminders follow by themselves', () => {
    const task = {
      ...completeOnDevice(
        {
          id: 'task-1',
          title: 'Stand-up',
          description: '',
          status: 'todo',
          priority: 'medium',
          listId: 'inbox',
          due: { at: '2026-03-02T08:00:00.000Z', timeZone: 'Europe/Berlin' },
          recurrence: {
            rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
            start: { at: '2026-03-02T08:00:00.000Z', timeZone: 'Europe/Berlin' },
            startOccurrence: 0,
          },
          recurrenceEditedAt: T1,
          occurrence: 0,
          checklist: [],
          reminders: [AT('a', '2026-03-02T07:30:00.000Z'), BEFORE('b', 'PT15M')],
          order: null,
          tags: [],
          createdAt: T1,
          updatedAt: T1,
          completedAt: null,
          _deleted: false,
        },
        T2,
      ),
    };
    expect(task.due).toEqual({ at: '2026-03-03T08:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(task.reminders).toEqual([AT('a', '2026-03-03T07:30:00.000Z'), BEFORE('b', 'PT15M')]);
    // Across the DST change (Berlin, 29 March) a timed due keeps its wall-clock time: the at reminder moves 23 h.
    const march28 = {
      ...task,
      due: null,
      recurrence: { ...task.recurrence!, start: { at: '2026-03-28T08:00:00.000Z', timeZone: 'Europe/Berlin' } },
      occurrence: 0,
    };
    const moved = completeOnDevice({ ...march28, reminders: [AT('a', '2026-03-28T07:30:00.000Z')] }, T2);
    expect(moved.due).toEqual({ at: '2026-03-29T07:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(moved.reminders).toEqual([AT('a', '2026-03-29T06:30:00.000Z')]);
    // A new series is not an advance: nothing moves.
    expect(occurrenceShiftMs(task, { ...task, recurrenceEditedAt: T2, occurrence: task.occurrence + 1 })).toBe(0);
  });

  it('[RM4] [RM5] devices that completed a different number of times agree on where the at reminders are: the merged occurrence', () => {
    fc.assert(
      fc.property(runningTask, fc.nat(2), fc.nat(2), instantArbitrary, instantArbitrary, (base, timesA, timesB, t1, t2) => {
        const complete = (times: number, at: string) => {
          let task = base;
          for (let time = 0; time < times; time += 1) task = completeOnDevice(task, at);
          return task;
        };
        const a = complete(timesA, t1);
        const b = complete(timesB, t2);
        for (const [local, master] of [
          [a, b],
          [b, a],
        ] as const) {
          const { merged } = mergeTask({ local, master: { ...master, seq: base.seq! + 1 }, base });
          // Every at reminder of the base sits where the base's would be after the merged number of completions.
          const expected = remindersFollowingOccurrence(base.reminders, base, merged);
          if (recurringDue(merged)?.ended) continue;
          expect(merged.reminders.filter(isAtReminder)).toEqual(expected.filter(isAtReminder));
        }
      }),
    );
  });

  it('[RM5] merging is idempotent and every merge result is a valid task, whatever two devices did', () => {
    fc.assert(
      fc.property(taskArbitrary, deviceEditArbitrary, deviceEditArbitrary, (base, editA, editB) => {
        const a = applyDeviceEdit(base, editA);
        const b = { ...applyDeviceEdit(base, editB), seq: base.seq! + 1 };
        for (const baseKnown of [base, undefined]) {
          const { merged } = mergeTask({ local: a, master: b, base: baseKnown });
          expect(taskSchema.safeParse(merged).error?.issues ?? []).toEqual([]);
          expect(mergeTask({ local: merged, master: merged, base: baseKnown }).merged.reminders).toEqual(merged.reminders);
        }
      }),
    );
  });
});
