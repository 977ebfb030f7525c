import fc from 'fast-check';
import { taskSchema, type Task } from '../domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '../domain/task-fields';
import { mergeTask, sameTaskContent } from './merge-task';

const isoDate = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

/** The fields a device edits; both the base task and every edit draw from these. */
const editableFields = {
  title: fc.string({ minLength: 1, maxLength: 20 }),
  description: fc.string({ maxLength: 30 }),
  status: fc.constantFrom(...TASK_STATUSES),
  priority: fc.constantFrom(...TASK_PRIORITIES),
  dueAt: fc.option(isoDate, { nil: null }),
  tags: fc.uniqueArray(fc.constantFrom('home', 'work', 'urgent', 'later', 'errand'), { maxLength: 4 }),
  _deleted: fc.boolean(),
  updatedAt: isoDate,
};

const baseTask: fc.Arbitrary<Task> = fc
  .record({
    ...editableFields,
    id: fc.uuid(),
    createdAt: isoDate,
    completedAt: fc.constant(null),
    seq: fc.nat({ max: 1000 }),
  })
  .map((task) => ({ ...task, completedAt: task.status === 'done' ? task.updatedAt : null }));

/** An edit of some fields of `base`, as a device would make it. */
function editOf(base: Task): fc.Arbitrary<Task> {
  return fc.record(editableFields, { requiredKeys: ['updatedAt'] }).map((changes) => {
    const edited = { ...base, ...changes };
    return { ...edited, completedAt: edited.status === 'done' ? (base.completedAt ?? edited.updatedAt) : null };
  });
}

const scenario = baseTask.chain((base) =>
  fc.tuple(fc.constant(base), editOf(base), editOf(base), fc.nat({ max: 1000 })).map(([b, local, master, masterSeq]) => ({
    base: b,
    local,
    master: { ...master, seq: b.seq! + 1 + masterSeq },
  })),
);

const SCALAR_FIELDS = ['title', 'description', 'status', 'priority', 'dueAt', '_deleted'] as const;

describe('mergeTask (conflict handler)', () => {
  it('[M1] a field changed only locally keeps the local value', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const { merged } = mergeTask({ local, master, base });
        for (const field of SCALAR_FIELDS) {
          const localChanged = JSON.stringify(local[field]) !== JSON.stringify(base[field]);
          const masterChanged = JSON.stringify(master[field]) !== JSON.stringify(base[field]);
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
        for (const field of contested) {
          if (field === 'tags') continue;
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

  it('[M4] the result is a valid task carrying the master revision, so pushing it next does not conflict again', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const { merged } = mergeTask({ local, master, base });
        expect(taskSchema.safeParse(merged).success).toBe(true);
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
        for (const field of SCALAR_FIELDS) expect(merged[field]).toEqual(winner[field]);
      }),
    );
  });

  it('[M1] a title edited on one device and a status on the other both survive', () => {
    const base: Task = {
      id: 'task-1',
      title: 'Old title',
      description: '',
      status: 'todo',
      priority: 'medium',
      dueAt: null,
      tags: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      completedAt: null,
      _deleted: false,
      seq: 3,
    };
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
});

describe('mergeTask with the contents this device pushed (lost acknowledgements)', () => {
  /** base → pushed (written by the server, ack lost) → local (a later edit on the device, e.g. an undo). */
  const lostAckScenario = baseTask.chain((base) =>
    editOf(base).chain((pushed) =>
      fc.tuple(fc.constant(base), fc.constant(pushed), editOf(pushed), fc.nat({ max: 1000 })).map(([b, p, local, extra]) => ({
        base: b,
        pushed: p,
        local,
        master: { ...p, seq: b.seq! + 1 + extra },
      })),
    ),
  );

  it('[LE1] when the master is a state this device pushed, every local field wins, tag removals included', () => {
    fc.assert(
      fc.property(lostAckScenario, fc.array(baseTask, { maxLength: 2 }), ({ base, pushed, local, master }, unrelated) => {
        const { merged, contested } = mergeTask({ local, master, base, pushed: [...unrelated, pushed] });
        for (const field of SCALAR_FIELDS) expect(merged[field]).toEqual(local[field]);
        expect([...merged.tags].sort()).toEqual([...local.tags].sort());
        expect(contested).toEqual([]);
        expect(merged.seq).toBe(master.seq);
      }),
    );
  });

  it('[LE1] an undo after a lost acknowledgement survives: title back to A, the added tag removed again', () => {
    const base: Task = {
      id: 'task-1',
      title: 'A',
      description: '',
      status: 'todo',
      priority: 'medium',
      dueAt: null,
      tags: ['home'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      completedAt: null,
      _deleted: false,
      seq: 3,
    };
    const pushed: Task = { ...base, title: 'B', tags: ['home', 'work'], updatedAt: '2026-01-02T00:00:00.000Z' };
    const master: Task = { ...pushed, seq: 4 };
    const local: Task = { ...base, updatedAt: '2026-01-03T00:00:00.000Z' };
    // Without the journal the old base makes the undo look like no change: B and "work" win.
    expect(mergeTask({ local, master, base }).merged).toMatchObject({ title: 'B', tags: ['home', 'work'] });
    expect(mergeTask({ local, master, base, pushed: [pushed] }).merged).toMatchObject({ title: 'A', tags: ['home'], seq: 4 });
  });

  it('[LE1] a master this device did not push (another device wrote it) merges against the assumed base as before', () => {
    fc.assert(
      fc.property(scenario, baseTask, ({ base, local, master }, other) => {
        fc.pre(!sameTaskContent(other, master));
        expect(mergeTask({ local, master, base, pushed: [other] })).toEqual(mergeTask({ local, master, base }));
      }),
    );
  });
});

describe('sameTaskContent', () => {
  it('[M8] ignores only the server revision', () => {
    fc.assert(
      fc.property(baseTask, fc.nat(), (task, seq) => {
        expect(sameTaskContent(task, { ...task, seq })).toBe(true);
        expect(sameTaskContent(task, { ...task, title: `${task.title}!` })).toBe(false);
      }),
    );
  });
});
