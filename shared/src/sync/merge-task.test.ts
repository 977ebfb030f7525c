import fc from 'fast-check';
import { recurringDue } from '../domain/recurring-state';
import type { Task } from '../domain/task';
import { taskSchema } from '../domain/task-schema';
import { newTask } from '../domain/task-defaults';
import { canonicalTaskState } from './canonical-task';
import { mergeTask, sameTaskContent } from './merge-task';
import { applyDeviceEdit, deviceEditArbitrary, taskArbitrary } from './task-arbitraries';

/** A base task and two devices' offline edits of it; the master is the edit the server took first. */
const scenario = taskArbitrary.chain((base) =>
  fc.tuple(deviceEditArbitrary, deviceEditArbitrary, fc.nat({ max: 1000 })).map(([localEdit, masterEdit, masterSeq]) => ({
    base,
    local: applyDeviceEdit(base, localEdit),
    master: { ...applyDeviceEdit(base, masterEdit), seq: base.seq! + 1 + masterSeq },
  })),
);

/** The three-way fields ([M1], [M2]) apart from tags, which merge as sets ([M3]). */
const SCALAR_FIELDS = ['title', 'description', 'status', 'priority', 'listId', 'assignee', 'due', 'order', '_deleted'] as const;

/** Fields a running or ended series derives ([DM10]): the three-way rule decides them only for a task without one. */
function threeWayFieldsOf(merged: Task) {
  return merged.recurrence === null ? SCALAR_FIELDS : SCALAR_FIELDS.filter((field) => field !== 'due' && field !== 'status');
}

const T1 = '2026-01-01T00:00:00.000Z';
const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

describe('mergeTask (conflict handler)', () => {
  it('[M1] a field changed only locally keeps the local value', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const { merged } = mergeTask({ local, master, base });
        for (const field of threeWayFieldsOf(merged)) {
          const localChanged = changed(local[field], base[field]);
          const masterChanged = changed(master[field], base[field]);
          if (localChanged && !masterChanged) expect(merged[field]).toEqual(local[field]);
          if (masterChanged && !localChanged) expect(merged[field]).toEqual(master[field]);
          if (!localChanged && !masterChanged) expect(merged[field]).toEqual(base[field]);
        }
      }),
    );
  });

  it('[M2] a field changed on both sides goes to the later updatedAt, the master on a tie', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const { merged, contested } = mergeTask({ local, master, base });
        const localWins = Date.parse(local.updatedAt) > Date.parse(master.updatedAt);
        const threeWay: readonly string[] = threeWayFieldsOf(merged);
        for (const field of contested) {
          if (field === 'tags' || !threeWay.includes(field)) continue;
          expect(merged[field]).toEqual(localWins ? local[field] : master[field]);
        }
      }),
    );
  });

  it('[M3] tags merge as sets: additions on either side survive, removals on either side stick', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const { merged } = mergeTask({ local, master, base });
        for (const tag of [...local.tags, ...master.tags]) {
          const removedSomewhere = base.tags.includes(tag) && (!local.tags.includes(tag) || !master.tags.includes(tag));
          expect(merged.tags.includes(tag)).toBe(!removedSomewhere);
        }
        expect(new Set(merged.tags).size).toBe(merged.tags.length);
      }),
    );
  });

  it('[M4] [MV1] the result is a valid, canonical task carrying the master revision, so pushing it next does not conflict again', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ base, local, master }, withBase) => {
        const { merged } = mergeTask({ local, master, base: withBase ? base : undefined });
        expect(taskSchema.safeParse(merged).error?.issues ?? []).toEqual([]);
        // What every write path stores ([D4], [D7], [DM10]): the merge needs no further canonicalisation.
        expect(canonicalTaskState(merged)).toEqual(merged);
        expect(merged.seq).toBe(master.seq);
        expect(merged.id).toBe(master.id);
        expect(merged.completedAt === null).toBe(merged.status !== 'done');
        expect(Date.parse(merged.updatedAt)).toBe(Math.max(Date.parse(local.updatedAt), Date.parse(master.updatedAt)));
      }),
    );
  });

  it('[M5] merging is deterministic and settles: merging the result with the master again changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const first = mergeTask({ local, master, base }).merged;
        expect(mergeTask({ local, master, base }).merged).toEqual(first);
        const again = mergeTask({ local: first, master: first, base: master }).merged;
        expect(sameTaskContent(again, first)).toBe(true);
      }),
    );
  });

  it('[M6] without a common base every differing field goes to the later edit', () => {
    fc.assert(
      fc.property(scenario, ({ local, master }) => {
        const { merged } = mergeTask({ local, master, base: undefined });
        const winner = Date.parse(local.updatedAt) > Date.parse(master.updatedAt) ? local : master;
        for (const field of threeWayFieldsOf(merged)) expect(merged[field]).toEqual(winner[field]);
      }),
    );
  });

  it('[AS1] the assignee merges three-way: a change of one side is kept, changes of both go to the later updatedAt (the master on a tie)', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ base, local, master }, withBase) => {
        const { merged, contested } = mergeTask({ local, master, base: withBase ? base : undefined });
        const localLater = Date.parse(local.updatedAt) > Date.parse(master.updatedAt);
        // [M6] Without a base, each side counts as changed where the two differ.
        const [localChanged, masterChanged] = withBase
          ? [local.assignee !== base.assignee, master.assignee !== base.assignee]
          : [local.assignee !== master.assignee, local.assignee !== master.assignee];
        let expected = withBase ? base.assignee : master.assignee;
        if (localChanged && masterChanged) expected = localLater ? local.assignee : master.assignee;
        else if (localChanged) expected = local.assignee;
        else if (masterChanged) expected = master.assignee;
        expect(merged.assignee).toBe(expected);
        expect(contested.includes('assignee')).toBe(localChanged && masterChanged && local.assignee !== master.assignee);
      }),
    );
    const base = { ...newTask({ id: 'task-1', title: 'Shared', createdAt: T1, updatedAt: T1 }), seq: 3 };
    const [ada, bo] = ['6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', '0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b'];
    const local = { ...base, assignee: ada, updatedAt: '2026-01-02T00:00:00.000Z' };
    const master = { ...base, title: 'Shared, renamed', updatedAt: '2026-01-03T00:00:00.000Z', seq: 4 };
    expect(mergeTask({ local, master, base }).merged).toMatchObject({ assignee: ada, title: 'Shared, renamed' });
    expect(mergeTask({ local, master: { ...master, assignee: bo }, base }).merged.assignee).toBe(bo);
  });

  it('[M1] a title edited on one device and a status on the other both survive', () => {
    const base = { ...newTask({ id: 'task-1', title: 'Old title', createdAt: T1, updatedAt: T1 }), seq: 3 };
    const local = { ...base, title: 'New title', updatedAt: '2026-01-02T00:00:00.000Z' };
    const master = {
      ...base,
      status: 'done' as const,
      completedAt: '2026-01-03T00:00:00.000Z',
      updatedAt: '2026-01-03T00:00:00.000Z',
      seq: 4,
    };
    const { merged, contested } = mergeTask({ local, master, base });
    expect(merged).toMatchObject({ title: 'New title', status: 'done', completedAt: '2026-01-03T00:00:00.000Z', seq: 4 });
    expect(contested).toEqual([]);
  });

  it('[DM10] a task with a series gets its due and status from the merged series and counter', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ base, local, master }, withBase) => {
        const { merged } = mergeTask({ local, master, base: withBase ? base : undefined });
        const derived = recurringDue(merged);
        if (derived === null) return;
        expect(merged.due).toEqual(derived.due);
        if (derived.ended) expect(merged.status).toBe('done');
        else expect(merged.status).not.toBe('done');
      }),
    );
  });
});

describe('mergeTask with the contents this device pushed (lost acknowledgements)', () => {
  /** base → pushed (written by the server, ack lost) → local (a later edit on the device, e.g. an undo). */
  const lostAckScenario = taskArbitrary.chain((base) =>
    fc.tuple(deviceEditArbitrary, deviceEditArbitrary, fc.nat({ max: 1000 })).map(([pushedEdit, localEdit, extra]) => {
      const pushed = applyDeviceEdit(base, pushedEdit);
      return { base, pushed, local: applyDeviceEdit(pushed, localEdit), master: { ...pushed, seq: base.seq! + 1 + extra } };
    }),
  );

  it('[LE1] when the master is a state this device pushed, every local field wins, tag removals included', () => {
    fc.assert(
      fc.property(lostAckScenario, fc.array(taskArbitrary, { maxLength: 2 }), ({ base, pushed, local, master }, unrelated) => {
        fc.pre(unrelated.every((other) => !sameTaskContent(other, master)));
        const { merged, contested } = mergeTask({ local, master, base, pushed: [...unrelated, pushed] });
        for (const field of SCALAR_FIELDS) expect(merged[field]).toEqual(local[field]);
        expect([...merged.tags].sort()).toEqual([...local.tags].sort());
        expect(merged.occurrence).toBe(local.occurrence);
        expect(merged.recurrence).toEqual(local.recurrence);
        expect(contested).toEqual([]);
        expect(merged.seq).toBe(master.seq);
      }),
    );
  });

  it('[LE1] an undo after a lost acknowledgement survives: title back to A, the added tag removed again', () => {
    const base: Task = { ...newTask({ id: 'task-1', title: 'A', tags: ['home'], createdAt: T1, updatedAt: T1 }), seq: 3 };
    const pushed: Task = { ...base, title: 'B', tags: ['home', 'work'], updatedAt: '2026-01-02T00:00:00.000Z' };
    const master: Task = { ...pushed, seq: 4 };
    const local: Task = { ...base, updatedAt: '2026-01-03T00:00:00.000Z' };
    // Without the journal the old base makes the undo look like no change: B and "work" win.
    expect(mergeTask({ local, master, base }).merged).toMatchObject({ title: 'B', tags: ['home', 'work'] });
    expect(mergeTask({ local, master, base, pushed: [pushed] }).merged).toMatchObject({ title: 'A', tags: ['home'], seq: 4 });
  });

  it('[LE1] a master this device did not push (another device wrote it) merges against the assumed base as before', () => {
    fc.assert(
      fc.property(scenario, taskArbitrary, ({ base, local, master }, other) => {
        fc.pre(!sameTaskContent(other, master));
        expect(mergeTask({ local, master, base, pushed: [other] })).toEqual(mergeTask({ local, master, base }));
      }),
    );
  });
});

describe('sameTaskContent', () => {
  it('[M8] ignores only the server revision', () => {
    fc.assert(
      fc.property(taskArbitrary, fc.nat(), (task, seq) => {
        expect(sameTaskContent(task, { ...task, seq })).toBe(true);
        expect(sameTaskContent(task, { ...task, title: `${task.title}!` })).toBe(false);
        expect(sameTaskContent(task, { ...task, occurrence: task.occurrence + 1 })).toBe(false);
      }),
    );
  });
});
