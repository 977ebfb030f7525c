import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import type { Store } from './store';

/**
 * Stores `task` at `seq` as a release before data model v2 left it (a version-1 document, with whatever the store
 * keeps beside it), then does what this release's start-up does to such data (SQLite: the schema upgrade's column
 * fill; MongoDB: the due-key fill), without rewriting the document.
 */
export type Version1TaskWriter = (userId: string, task: TaskV1, seq: number) => Promise<void>;

/** A version-1 task as the version-1 PWA wrote it: a picked day as that day's local noon (here UTC+2). */
export function makeVersion1Task(overrides: Partial<TaskV1> = {}): TaskV1 {
  return {
    id: randomUUID(),
    title: 'Written by version 1',
    description: 'an old task',
    status: 'todo',
    priority: 'high',
    dueAt: '2025-06-01T10:00:00.000Z',
    tags: ['old'],
    createdAt: '2025-05-01T09:00:00.000Z',
    updatedAt: '2025-05-02T09:00:00.000Z',
    completedAt: null,
    _deleted: false,
    ...overrides,
  };
}

function content(task: StoredTask | Task): Omit<Task, 'seq'> {
  const { seq: _seq, ...rest } = task;
  return rest;
}

/**
 * [LS4] [DM19] Stored version-1 tasks are upgraded when read, on every path, and written in version 2 only when next
 * changed (docs/data-model-v2.md §9 step 2). Runs inside `describeStoreContract`.
 */
export function describeVersion1Contract(current: () => { store: Store; userId: string; writeVersion1Task: Version1TaskWriter }): void {
  let store: Store;
  let userId: string;
  let writeVersion1Task: Version1TaskWriter;
  beforeEach(() => {
    ({ store, userId, writeVersion1Task } = current());
  });

  it('[LS4] [DM19] a stored version-1 task reads as version 2 from pull, getTask, listTasks and conflicts; reading writes nothing', async () => {
    const old = makeVersion1Task();
    const undated = makeVersion1Task({ title: 'no due', dueAt: null, createdAt: '2025-05-01T08:00:00.000Z' });
    await writeVersion1Task(userId, old, 1);
    await writeVersion1Task(userId, undated, 2);
    const upgraded: StoredTask = { ...upgradeTask(old), seq: 1 };
    expect(upgraded).toMatchObject({ listId: 'inbox', due: { date: '2025-06-01' }, checklist: [], order: null, recurrence: null });
    const upgradedUndated: StoredTask = { ...upgradeTask(undated), seq: 2 };

    expect(await store.pullChanges(userId, 0, 10)).toEqual([upgraded, upgradedUndated]);
    expect(await store.getTask(userId, old.id)).toEqual(upgraded);
    expect((await store.listTasks(userId, { limit: 10 })).tasks).toEqual([upgraded, upgradedUndated]);
    expect((await store.listTasks(userId, { limit: 10, listId: 'inbox' })).tasks).toEqual([upgraded, upgradedUndated]);
    expect((await store.listTasks(userId, { limit: 10, q: 'old' })).tasks).toEqual([upgraded, upgradedUndated]);
    // [DM23] Its due key is the upgraded date.
    expect((await store.listTasks(userId, { limit: 10, dueBefore: '2025-06-02' })).tasks).toEqual([upgraded]);
    expect((await store.listTasks(userId, { limit: 10, dueBefore: '2025-06-01' })).tasks).toEqual([]);

    const blind = await store.applyPush(userId, [{ newDocumentState: { ...upgraded, title: 'blind overwrite' } }]);
    expect(blind).toEqual({ written: [], conflicts: [upgraded] });
    expect(await store.highestSeq(userId)).toBe(2);
    expect(await store.pullChanges(userId, 0, 10)).toEqual([upgraded, upgradedUndated]);
  });

  it('[LS4] [DM19] [SW4] a push of the upgraded content is unchanged (no write, no seq); an edit on it is written in version 2', async () => {
    const old = makeVersion1Task();
    await writeVersion1Task(userId, old, 1);
    const upgraded: StoredTask = { ...upgradeTask(old), seq: 1 };

    // The device migrated its copy with the same function: its retry equals the server's document.
    expect(await store.applyPush(userId, [{ newDocumentState: upgraded, assumedMasterState: upgraded }])).toEqual({
      written: [],
      conflicts: [],
    });
    expect(await store.applyPush(userId, [{ newDocumentState: upgraded }])).toEqual({ written: [], conflicts: [upgraded] });
    expect(await store.highestSeq(userId)).toBe(1);

    const moved = { ...upgraded, title: 'edited in version 2', listId: 'errands', due: { date: '2025-07-01' } };
    const edited = await store.applyPush(userId, [{ newDocumentState: moved, assumedMasterState: upgraded }]);
    expect(edited.conflicts).toEqual([]);
    expect(edited.written).toEqual([{ ...content(moved), seq: 2 }]);
    expect(await store.getTask(userId, old.id)).toEqual(edited.written[0]);
    expect(await store.pullChanges(userId, 1, 10)).toEqual(edited.written);
    expect((await store.listTasks(userId, { limit: 10, listId: 'inbox' })).tasks).toEqual([]);
    expect((await store.listTasks(userId, { limit: 10, listId: 'errands', dueBefore: '2025-07-02' })).tasks).toEqual(edited.written);
    // New writes of either collection continue the user's sequence after the old documents.
    const list = await store.applyListPush(userId, [
      {
        newDocumentState: {
          id: randomUUID(),
          name: 'Errands',
          colour: 'blue',
          order: 'a0',
          archived: false,
          inbox: false,
          createdAt: old.createdAt,
          updatedAt: old.createdAt,
          _deleted: false,
        },
      },
    ]);
    expect(list.written[0]!.seq).toBe(3);
  });

  it('[RM6] a stored version-2 task (before reminders) reads with no reminders on every path; reading and retrying write nothing', async () => {
    const { reminders: _none, assignee: _nobody, ...version2 } = upgradeTask(makeVersion1Task({ title: 'written by version 2' }));
    await writeVersion1Task(userId, version2 as unknown as TaskV1, 1);
    const upgraded: StoredTask = { ...upgradeTask(version2), seq: 1 };
    expect(upgraded.reminders).toEqual([]);
    expect(await store.pullChanges(userId, 0, 10)).toEqual([upgraded]);
    expect(await store.getTask(userId, version2.id)).toEqual(upgraded);
    expect((await store.listTasks(userId, { limit: 10 })).tasks).toEqual([upgraded]);
    expect(await store.applyPush(userId, [{ newDocumentState: upgraded, assumedMasterState: upgraded }])).toEqual({
      written: [],
      conflicts: [],
    });
    expect(await store.highestSeq(userId)).toBe(1);
    const reminded = { ...upgraded, reminders: [{ id: 'r1', before: 'PT10M' }] };
    const edited = await store.applyPush(userId, [{ newDocumentState: reminded, assumedMasterState: upgraded }]);
    expect(edited.written).toEqual([{ ...content(reminded), seq: 2 }]);
    expect(await store.getTask(userId, version2.id)).toEqual(edited.written[0]);
  });

  it('[AS2] a stored version-3 task (before assignment) reads as assigned to nobody on every path; reading and retrying write nothing', async () => {
    const { assignee: _nobody, ...version3 } = upgradeTask(makeVersion1Task({ title: 'written by version 3' }));
    await writeVersion1Task(userId, version3 as unknown as TaskV1, 1);
    const upgraded: StoredTask = { ...upgradeTask(version3), seq: 1 };
    expect(upgraded.assignee).toBeNull();
    expect(await store.pullChanges(userId, 0, 10)).toEqual([upgraded]);
    expect(await store.getTask(userId, version3.id)).toEqual(upgraded);
    expect(await store.getTasks(userId, [version3.id])).toEqual([upgraded]);
    expect((await store.listTasks(userId, { limit: 10 })).tasks).toEqual([upgraded]);
    expect((await store.listTasks(userId, { limit: 10, assignee: userId })).tasks).toEqual([]);
    expect(await store.applyPush(userId, [{ newDocumentState: upgraded, assumedMasterState: upgraded }])).toEqual({
      written: [],
      conflicts: [],
    });
    expect(await store.highestSeq(userId)).toBe(1);
    const assigned = { ...upgraded, assignee: userId };
    const edited = await store.applyPush(userId, [{ newDocumentState: assigned, assumedMasterState: upgraded }]);
    expect(edited.written).toEqual([{ ...content(assigned), seq: 2 }]);
    expect((await store.listTasks(userId, { limit: 10, assignee: userId })).tasks).toEqual(edited.written);
  });
}
