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
          assignee: null,
          completions: [],
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

/** What one device did offline from the shared base: removed some base reminders, changed its own share, added new ones. */
type OfflineDevice = { removes: boolean[]; changes: boolean[]; added: { letter: string; n: number }[]; updatedAt: string };

const offlineDeviceArbitrary: fc.Arbitrary<OfflineDevice> = fc.record({
  removes: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  changes: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  // Most of the 10 a device may set, so that five or six devices pass the bound; ids both before and after the base's (`r1`…`r4`) in id order.
  added: fc.uniqueArray(fc.record({ letter: fc.constantFrom('a', 'z'), n: fc.nat(99) }), {
    minLength: 8,
    maxLength: 10,
    selector: ({ letter, n }) => `${letter}${n}`,
  }),
  updatedAt: instantArbitrary,
});

function offlineEdit(base: Task, device: OfflineDevice, index: number, devices: number): Task {
  const reminders = base.reminders
    .map((reminder, at) => (at % devices === index && device.changes[at] ? BEFORE(reminder.id, `PT${index + 2}H`) : reminder))
    .filter((_reminder, at) => !device.removes[at]);
  const added = device.added.map(({ letter, n }) => BEFORE(`${letter}${String(n).padStart(2, '0')}-d${index}`, 'PT10M'));
  return { ...base, reminders: [...reminders, ...added].sort((a, b) => (a.id < b.id ? -1 : 1)), updatedAt: device.updatedAt };
}

/** The server's state once each device pushed from the shared base in `order`: the first is written, the others merge ([W7]). */
function pushAll(base: Task & { seq: number }, devices: readonly Task[], order: readonly number[]): Task & { seq: number } {
  let server = base;
  for (const index of order) {
    const local = devices[index]!;
    const written = server.seq === base.seq ? local : mergeTask({ local, master: server, base }).merged;
    server = { ...written, seq: server.seq + 1 };
  }
  return server;
}

const withoutSeq = ({ seq: _seq, ...task }: Task) => task;

describe('merging reminders: the document bound', () => {
  it('[RM9] six devices that each added 10 reminders offline merge to the 50 smallest ids, valid, in any order', () => {
    const base = { ...fc.sample(taskArbitrary, { numRuns: 1, seed: 7 })[0]!, reminders: [], _deleted: false, seq: 1 };
    const devices = Array.from({ length: 6 }, (_, device) => ({
      ...base,
      updatedAt: `2026-06-0${device + 1}T00:00:00.000Z`,
      reminders: Array.from({ length: 10 }, (_, index) => BEFORE(`d${device}r${index}`, 'PT10M')),
    }));
    const forward = pushAll(base, devices, [0, 1, 2, 3, 4, 5]);
    expect(forward.reminders.map((reminder) => reminder.id)).toEqual(
      devices.slice(0, 5).flatMap((device) => device.reminders.map((reminder) => reminder.id)),
    );
    expect(taskSchema.safeParse(forward).success).toBe(true);
    expect(withoutSeq(pushAll(base, devices, [5, 3, 1, 0, 4, 2]))).toEqual(withoutSeq(forward));
  });

  it('[RM9] the reminders of the base that survived are kept first; the added ones fill up to the bound by id', () => {
    const base = [BEFORE('r1', 'PT10M'), BEFORE('r2', 'PT10M')];
    const local = [...base, ...Array.from({ length: 30 }, (_, index) => BEFORE(`a${String(index).padStart(2, '0')}`, 'PT0M'))];
    const master = [
      BEFORE('r2', 'PT10M'),
      ...Array.from({ length: 30 }, (_, index) => BEFORE(`b${String(index).padStart(2, '0')}`, 'PT0M')),
    ];
    const merged = mergeReminders({ local, master, base, localIsNewer: true });
    expect(merged).toHaveLength(50);
    expect(merged.map((reminder) => reminder.id)).toContain('r2');
    expect(merged.map((reminder) => reminder.id)).not.toContain('r1'); // removed on the master
    expect(merged.filter((reminder) => reminder.id.startsWith('b'))).toHaveLength(19);
    expect(mergeReminders({ local: master, master: local, base, localIsNewer: false })).toEqual(merged);
    // [M6] Without a base: the 50 smallest ids of the union.
    expect(mergeReminders({ local, master, base: undefined, localIsNewer: true }).map((reminder) => reminder.id)).toEqual(
      [...new Set([...local, ...master].map((reminder) => reminder.id))].sort().slice(0, 50),
    );
  });

  it('[RM9] up to six devices from one base, pushed in any order: a valid task within the bound, the same whatever the order, idempotent', () => {
    fc.assert(
      fc.property(
        taskArbitrary,
        fc.array(offlineDeviceArbitrary, { minLength: 2, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        (task, offline, shuffle) => {
          const base = { ...task, seq: 1 };
          const devices = offline.map((device, index) => offlineEdit(base, device, index, offline.length));
          const order = devices.map((_device, index) => index);
          const shuffled = [...order].sort((a, b) => shuffle[a]! - shuffle[b]! || a - b);
          const forward = pushAll(base, devices, order);
          expect(taskSchema.safeParse(forward).error?.issues ?? []).toEqual([]);
          expect(forward.reminders.length).toBeLessThanOrEqual(50);
          expect(withoutSeq(pushAll(base, devices, shuffled))).toEqual(withoutSeq(forward));
          expect(withoutSeq(pushAll(base, devices, [...order].reverse()))).toEqual(withoutSeq(forward));
          // Idempotent: the result merged with itself, or with any device's push again, is the result.
          expect(mergeTask({ local: forward, master: forward, base }).merged.reminders).toEqual(forward.reminders);
          for (const device of devices)
            expect(mergeTask({ local: device, master: forward, base }).merged.reminders).toEqual(forward.reminders);
          // Base reminders no device removed are all there; past the bound, only added ones were left out.
          const kept = base.reminders.filter((_reminder, at) => offline.every((device) => !device.removes[at]));
          for (const reminder of kept) expect(forward.reminders.map((merged) => merged.id)).toContain(reminder.id);
        },
      ),
      { numRuns: 150 },
    );
  });
});
