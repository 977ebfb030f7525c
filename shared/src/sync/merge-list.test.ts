import fc from 'fast-check';
import { INBOX_LIST_ID, LIST_COLOURS, TASK_LIST_EDITABLE_FIELDS, type TaskList } from '../domain/task-list';
import { taskListSchema } from '../domain/task-list-schema';
import { mergeList, sameListContent } from './merge-list';

const instant = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00.000Z'), max: Date.parse('2026-01-10T00:00:00.000Z') })
  .map((ms) => new Date(ms).toISOString());

/** The fields a device edits on a list; the Inbox can be renamed, recoloured and moved, never archived or deleted. */
function listEdits(inbox: boolean) {
  return {
    name: fc.constantFrom('Groceries', 'Work', 'Trip to Lisbon', 'Inbox'),
    colour: fc.constantFrom(...LIST_COLOURS),
    order: fc.constantFrom('Zz', 'a0', 'a0V', 'a1', 'a2'),
    archived: inbox ? fc.constant(false) : fc.boolean(),
    _deleted: inbox ? fc.constant(false) : fc.boolean(),
  };
}

const baseList: fc.Arbitrary<TaskList> = fc.boolean().chain((inbox) =>
  fc
    .record({
      ...listEdits(inbox),
      id: fc.constant(inbox ? INBOX_LIST_ID : 'list-1'),
      inbox: fc.constant(inbox),
      createdAt: instant,
      updatedAt: instant,
      seq: fc.nat({ max: 100 }),
    })
    .map((list): TaskList => list),
);

function editOf(base: TaskList): fc.Arbitrary<TaskList> {
  return fc
    .record({ ...listEdits(base.inbox), updatedAt: instant }, { requiredKeys: ['updatedAt'] })
    .map((changes) => ({ ...base, ...changes }));
}

const scenario = baseList.chain((base) =>
  fc.tuple(editOf(base), editOf(base)).map(([local, master]) => ({ base, local, master: { ...master, seq: base.seq! + 1 } })),
);

const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

describe('mergeList (the list conflict handler)', () => {
  it('[DM21] a field changed on one side keeps the change; on both sides the later updatedAt wins, the master on a tie', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const merged = mergeList({ local, master, base });
        const localWins = Date.parse(local.updatedAt) > Date.parse(master.updatedAt);
        for (const field of TASK_LIST_EDITABLE_FIELDS) {
          const [localChanged, masterChanged] = [changed(local[field], base[field]), changed(master[field], base[field])];
          if (localChanged && !masterChanged) expect(merged[field]).toEqual(local[field]);
          else if (masterChanged && !localChanged) expect(merged[field]).toEqual(master[field]);
          else if (!localChanged) expect(merged[field]).toEqual(base[field]);
          else if (changed(local[field], master[field])) expect(merged[field]).toEqual(localWins ? local[field] : master[field]);
        }
        expect(merged).toMatchObject({ id: master.id, inbox: master.inbox, createdAt: master.createdAt, seq: master.seq });
        expect(Date.parse(merged.updatedAt)).toBe(Math.max(Date.parse(local.updatedAt), Date.parse(master.updatedAt)));
      }),
    );
  });

  it('[DM21] without a base every differing field goes to the later edit', () => {
    fc.assert(
      fc.property(scenario, ({ local, master }) => {
        const merged = mergeList({ local, master, base: undefined });
        const winner = Date.parse(local.updatedAt) > Date.parse(master.updatedAt) ? local : master;
        for (const field of TASK_LIST_EDITABLE_FIELDS) expect(merged[field]).toEqual(winner[field]);
      }),
    );
  });

  it('[DM21] the merge of two valid lists is valid: the Inbox is never archived or deleted by a merge', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ base, local, master }, withBase) => {
        expect([base, local, master].every((list) => taskListSchema.safeParse(list).success)).toBe(true);
        const merged = mergeList({ local, master, base: withBase ? base : undefined });
        expect(taskListSchema.safeParse(merged).error?.issues ?? []).toEqual([]);
        if (merged.inbox) expect(merged).toMatchObject({ id: INBOX_LIST_ID, archived: false, _deleted: false });
      }),
    );
  });

  it('[DM21] merging is deterministic and settles; equality ignores only the revision', () => {
    fc.assert(
      fc.property(scenario, ({ base, local, master }) => {
        const first = mergeList({ local, master, base });
        expect(mergeList({ local, master, base })).toEqual(first);
        expect(sameListContent(mergeList({ local: first, master: first, base: master }), first)).toBe(true);
        expect(sameListContent(first, { ...first, seq: 999 })).toBe(true);
        expect(sameListContent(first, { ...first, name: `${first.name}!` })).toBe(false);
      }),
    );
  });

  it('[DM21] a rename on one device and a colour change on another both survive', () => {
    const base: TaskList = {
      id: 'list-1',
      name: 'Groceries',
      colour: 'grey',
      order: 'a0',
      archived: false,
      inbox: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      _deleted: false,
      seq: 4,
    };
    const renamed = { ...base, name: 'Shopping', updatedAt: '2026-01-02T00:00:00.000Z' };
    const recoloured = { ...base, colour: 'green' as const, updatedAt: '2026-01-03T00:00:00.000Z', seq: 5 };
    expect(mergeList({ local: renamed, master: recoloured, base })).toMatchObject({ name: 'Shopping', colour: 'green', seq: 5 });
    expect(mergeList({ local: recoloured, master: { ...renamed, seq: 5 }, base })).toMatchObject({ name: 'Shopping', colour: 'green' });
    const { seq: _seq, ...withoutSeq } = recoloured;
    expect(mergeList({ local: renamed, master: withoutSeq, base })).not.toHaveProperty('seq');
  });
});
