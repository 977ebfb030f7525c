import fc from 'fast-check';
import { isRemoved, visibleItems, type ChecklistItem } from '../domain/checklist';
import { keyBetween } from '../domain/order-key';
import { recurringDue } from '../domain/recurring-state';
import type { Task } from '../domain/task';
import { taskSchema } from '../domain/task-schema';
import { completeOccurrence } from './advance-recurring';
import { mergeTask } from './merge-task';
import {
  applyChecklistEdits,
  applyDeviceEdit,
  asWritten,
  completeOnDevice,
  deviceEditArbitrary,
  instantArbitrary,
  LIST_IDS,
  ORDER_KEYS,
  taskArbitrary,
} from './task-arbitraries';

/**
 * The version-2 fields through the real conflict handler (`mergeTask`), as RxDB runs it on the device whose push lost:
 * either device may be the one that pushed first (the master), with or without a known base.
 */
type Sides = { base: Task; a: Task; b: Task };

/** Both ways round, each with and without the base (a device that lost its `assumedMasterState`, [M6]). */
function mergesOf({ base, a, b }: Sides): Task[] {
  const master = (task: Task) => ({ ...task, seq: (base.seq ?? 0) + 1 });
  return [
    mergeTask({ local: a, master: master(b), base }).merged,
    mergeTask({ local: b, master: master(a), base }).merged,
    mergeTask({ local: a, master: master(b), base: undefined }).merged,
    mergeTask({ local: b, master: master(a), base: undefined }).merged,
  ];
}

const runningTask = taskArbitrary.filter((task) => {
  const due = recurringDue(task);
  return due !== null && !due.ended && !task._deleted;
});

const twoInstants = fc.uniqueArray(instantArbitrary, { minLength: 2, maxLength: 2 });

function item(task: Task, id: string): ChecklistItem | undefined {
  return visibleItems(task.checklist).find((entry) => entry.id === id);
}

describe('mergeTask: version-2 fields', () => {
  it('[DM11] [MV2] a recurring task completed on two devices from the same state is advanced once, whichever side merges', () => {
    fc.assert(
      fc.property(runningTask, twoInstants, fc.string({ minLength: 1, maxLength: 10 }), (base, [t1, t2], title) => {
        const once = completeOccurrence(base)!;
        const phone = completeOnDevice({ ...base, title }, t1!);
        const laptop = completeOnDevice(base, t2!);
        for (const merged of mergesOf({ base, a: phone, b: laptop })) {
          expect(merged.occurrence).toBe(once.occurrence);
          expect(recurringDue(merged)).toEqual(recurringDue(once));
          expect(merged.due).toEqual(recurringDue(once)!.due);
          // Merging the merge with either side again advances nothing more.
          expect(mergeTask({ local: laptop, master: merged, base }).merged.occurrence).toBe(once.occurrence);
          expect(mergeTask({ local: merged, master: phone, base: undefined }).merged.occurrence).toBe(once.occurrence);
        }
      }),
    );
  });

  it('[DM11] [MV2] a completion on one device and a title and list edit on the other both survive', () => {
    fc.assert(
      fc.property(runningTask, twoInstants, fc.constantFrom(...LIST_IDS), (base, [t1, t2], listId) => {
        const phone = completeOnDevice(base, t1!);
        const laptop = asWritten({ ...base, title: `${base.title} (renamed)`, listId, updatedAt: t2! });
        const [aWay, bWay, ...withoutBase] = mergesOf({ base, a: phone, b: laptop });
        for (const merged of [aWay!, bWay!]) {
          expect(merged).toMatchObject({ title: laptop.title, listId, occurrence: phone.occurrence, due: phone.due });
        }
        // Without a base the title and list go to the later edit ([M6]), but the completion is a join: it survives.
        for (const merged of withoutBase) expect(merged).toMatchObject({ occurrence: phone.occurrence, due: phone.due });
      }),
    );
  });

  it('[DM14] [MV2] checklist edits of different items on two devices both survive the conflict handler', () => {
    const edit = fc.constantFrom('tick', 'rename', 'remove');
    fc.assert(
      fc.property(taskArbitrary, twoInstants, edit, edit, (task, [t1, t2], phoneEdit, laptopEdit) => {
        const shared = asWritten({
          ...task,
          checklist: applyChecklistEdits(
            task.checklist.filter((entry) => entry.id !== 'x' && entry.id !== 'y'),
            [
              { kind: 'add', id: 'x', position: 0 },
              { kind: 'add', id: 'y', position: 1 },
            ],
            task.updatedAt,
          ),
        });
        const change = (on: Task, id: string, kind: string, at: string) =>
          asWritten({
            ...on,
            updatedAt: at,
            checklist: applyChecklistEdits(
              on.checklist,
              [
                kind === 'tick'
                  ? { kind, id, done: true }
                  : kind === 'rename'
                    ? { kind, id, text: `${id} renamed` }
                    : { kind: 'remove', id },
              ],
              at,
            ),
          });
        const phone = change(shared, 'x', phoneEdit, t1!);
        const laptop = change(shared, 'y', laptopEdit, t2!);
        for (const merged of mergesOf({ base: shared, a: phone, b: laptop })) {
          expect(merged.checklist.find((entry) => entry.id === 'x')).toEqual(phone.checklist.find((entry) => entry.id === 'x'));
          expect(merged.checklist.find((entry) => entry.id === 'y')).toEqual(laptop.checklist.find((entry) => entry.id === 'y'));
          expect(isRemoved(merged.checklist.find((entry) => entry.id === 'x')!)).toBe(phoneEdit === 'remove');
          if (phoneEdit === 'tick') expect(item(merged, 'x')?.done).toBe(true);
          if (laptopEdit === 'rename') expect(item(merged, 'y')?.text).toBe('y renamed');
        }
      }),
    );
  });

  it('[M1] [MV2] a move to another list on one device and a title edit on the other both survive', () => {
    fc.assert(
      fc.property(taskArbitrary, twoInstants, fc.constantFrom(...LIST_IDS), (base, [t1, t2], listId) => {
        fc.pre(listId !== base.listId);
        const phone = asWritten({ ...base, listId, updatedAt: t1! });
        const laptop = asWritten({ ...base, title: `${base.title}!`, updatedAt: t2! });
        const [aWay, bWay] = mergesOf({ base, a: phone, b: laptop });
        for (const merged of [aWay!, bWay!]) expect(merged).toMatchObject({ listId, title: laptop.title });
      }),
    );
  });

  it('[DM17] [MV2] concurrent reorders of one task resolve to the later reorder whichever device pushed first', () => {
    fc.assert(
      fc.property(
        taskArbitrary,
        twoInstants,
        fc.constantFrom(...ORDER_KEYS),
        fc.constantFrom(...ORDER_KEYS),
        (base, [t1, t2], lower, upper) => {
          fc.pre(lower < upper);
          const phone = asWritten({ ...base, order: keyBetween(null, lower), updatedAt: t1! });
          const laptop = asWritten({ ...base, order: keyBetween(lower, upper), updatedAt: t2! });
          fc.pre(phone.order !== base.order && laptop.order !== base.order);
          const later = Date.parse(t1!) > Date.parse(t2!) ? phone : laptop;
          for (const merged of mergesOf({ base, a: phone, b: laptop })) expect(merged.order).toBe(later.order);
          // Equal clocks: the master (the push the server took first) keeps its key, on every device alike.
          const tied = { ...laptop, updatedAt: phone.updatedAt };
          expect(mergeTask({ local: tied, master: phone, base }).merged.order).toBe(phone.order);
          expect(mergeTask({ local: phone, master: tied, base }).merged.order).toBe(tied.order);
        },
      ),
    );
  });

  it('[DM11] [DM14] [MV3] three replicas converge on the series, counter, checklist and derived due in any merge order', () => {
    const permutations = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    fc.assert(
      fc.property(
        taskArbitrary,
        fc.tuple(deviceEditArbitrary, deviceEditArbitrary, deviceEditArbitrary),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        (base, edits, roles) => {
          const replicas = edits.map((edit) => applyDeviceEdit(base, edit));
          const joinFields = (task: Task) => ({
            recurrence: task.recurrence,
            recurrenceEditedAt: task.recurrenceEditedAt,
            occurrence: task.occurrence,
            checklist: task.checklist,
            due: task.recurrence ? task.due : 'three-way',
          });
          const results = permutations.map((order) =>
            order
              .map((index) => replicas[index]!)
              .reduce((acc, next, step) => {
                // The accumulated state is the server's (master) or the device's own (local), as conflicts come.
                const accIsMaster = roles[step - 1] ?? true;
                return mergeTask(accIsMaster ? { local: next, master: acc, base } : { local: acc, master: next, base }).merged;
              }),
          );
          for (const result of results) {
            expect(taskSchema.safeParse(result).success).toBe(true);
            expect(joinFields(result)).toEqual(joinFields(results[0]!));
          }
          expect(results[0]!.occurrence).toBe(Math.max(...replicas.map((replica) => replica.occurrence)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
