import type { Task } from '../domain/task';
import { newTask } from '../domain/task-defaults';
import { mergeTask } from './merge-task';

/** Worked examples of docs/protocol.md §6, one per detail a re-implementation could get wrong. */
const base: Task = {
  ...newTask({
    id: 'task-1',
    title: 'Plan the trip',
    tags: ['home', 'travel'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }),
  seq: 3,
};
const at = (day: number) => `2026-01-0${day}T00:00:00.000Z`;

describe('mergeTask worked examples (docs/protocol.md §6)', () => {
  it('[M2] a contested field goes to the strictly later updatedAt, the master on the same instant written differently', () => {
    const local = { ...base, title: 'Local', updatedAt: '2026-01-02T01:00:00.000+01:00' };
    const master = { ...base, title: 'Master', updatedAt: '2026-01-02T00:00:00.000Z', seq: 4 };
    const tie = mergeTask({ local, master, base });
    expect(tie.merged.title).toBe('Master');
    expect(tie.contested).toEqual(['title']);
    expect(Date.parse(tie.merged.updatedAt)).toBe(Date.parse(master.updatedAt)); // [M4]: the later instant

    const later = mergeTask({ local: { ...local, updatedAt: at(3) }, master, base });
    expect(later.merged.title).toBe('Local');
  });

  it('[M3] merged tags are the master list then the local list, without removed tags or repeats', () => {
    const local = { ...base, tags: ['new-local', 'travel', 'home'], updatedAt: at(2) };
    const master = { ...base, tags: ['home', 'new-master'], updatedAt: at(3), seq: 4 };
    const { merged, contested } = mergeTask({ local, master, base });
    expect(merged.tags).toEqual(['home', 'new-master', 'new-local']); // "travel" was removed on the master
    expect(contested).toEqual([]);
  });

  it('[M6] without a base, tags are one contested value like any other field', () => {
    const local = { ...base, tags: ['a'], updatedAt: at(2) };
    const master = { ...base, tags: ['b'], updatedAt: at(3), seq: 4 };
    const { merged, contested } = mergeTask({ local, master, base: undefined });
    expect(merged.tags).toEqual(['b']);
    expect(contested).toEqual(['tags']);
  });

  it("[M7] createdAt is the master's, and completedAt follows the side the merged status came from", () => {
    const completedLocally = { ...base, status: 'done' as const, completedAt: at(2), updatedAt: at(2), createdAt: at(1) };
    const editedOnServer = { ...base, title: 'Renamed', updatedAt: at(3), seq: 4 };
    const fromLocal = mergeTask({ local: completedLocally, master: editedOnServer, base }).merged;
    expect(fromLocal).toMatchObject({ status: 'done', completedAt: at(2), title: 'Renamed', createdAt: base.createdAt });

    const bothDone = mergeTask({
      local: { ...completedLocally },
      master: { ...base, status: 'done', completedAt: at(4), updatedAt: at(4), seq: 4 },
      base,
    }).merged;
    expect(bothDone.completedAt).toBe(at(4));

    // A done master without completedAt (written before [D4]) borrows local's, then the merged updatedAt.
    const legacyMaster = { ...base, status: 'done' as const, completedAt: null, updatedAt: at(5), seq: 4 };
    expect(mergeTask({ local: { ...base, title: 'x', updatedAt: at(2) }, master: legacyMaster, base }).merged.completedAt).toBe(at(5));

    const reopened = mergeTask({
      local: { ...completedLocally, status: 'todo', updatedAt: at(6) },
      master: { ...completedLocally, seq: 4 },
      base: completedLocally,
    });
    expect(reopened.merged).toMatchObject({ status: 'todo', completedAt: null });
  });

  it('[M4] the merge carries the master seq, and none when the master has none', () => {
    const { seq: _seq, ...withoutSeq } = base;
    const merged = mergeTask({ local: { ...base, title: 'x', updatedAt: at(2) }, master: withoutSeq, base }).merged;
    expect('seq' in merged).toBe(false);
  });
});
