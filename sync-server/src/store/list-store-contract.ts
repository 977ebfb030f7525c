import { randomUUID } from 'node:crypto';
import type { StoredTaskList, TaskList } from '@tasklane/shared/domain/task-list';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import type { Store } from './store';

function content(list: StoredTaskList | TaskList): Omit<TaskList, 'seq'> {
  const { seq: _seq, ...rest } = list;
  return rest;
}

/**
 * The list part of the store contract (docs/data-model-v2.md [LS1]–[LS3], [LS7]): lists replicate under the push
 * and pull rules of tasks, their seqs taken from the user's one sequence. Runs inside `describeStoreContract`.
 */
export function describeListContract(current: () => { store: Store; userId: string }): void {
  let store: Store;
  let userId: string;
  beforeEach(() => {
    ({ store, userId } = current());
  });

  async function insertList(list: TaskList, owner = userId): Promise<StoredTaskList> {
    const outcome = await store.applyListPush(owner, [{ newDocumentState: list }]);
    expect(outcome.conflicts).toEqual([]);
    const written = outcome.written[0];
    if (!written) throw new Error('insert wrote nothing');
    return written;
  }

  it('[LS1] [DM22] a list push inserts, writes on the current revision, and conflicts on a stale or missing one, row by row', async () => {
    // An insert, whatever assumedMasterState says ([W1]).
    const list = makeList({ name: 'Groceries' });
    const inserted = await store.applyListPush(userId, [{ newDocumentState: list, assumedMasterState: { ...list, seq: 41 } }]);
    expect(inserted.conflicts).toEqual([]);
    const stored = inserted.written[0]!;
    expect(stored).toEqual({ ...list, seq: stored.seq });
    expect(await store.getList(userId, list.id)).toEqual(stored);

    // On the current revision: written with a higher seq ([W2]).
    const renamed = await store.applyListPush(userId, [{ newDocumentState: { ...stored, name: 'Food' }, assumedMasterState: stored }]);
    expect(renamed.conflicts).toEqual([]);
    const current = renamed.written[0]!;
    expect(current.seq).toBeGreaterThan(stored.seq);
    expect(await store.getList(userId, list.id)).toEqual(current);

    // A stale base, or none: nothing written, the server's list returned ([W3], [W4]); other rows still apply ([W6]).
    const second = await insertList(makeList({ name: 'Garden' }));
    const fresh = makeList({ name: 'Books' });
    const mixed = await store.applyListPush(userId, [
      { newDocumentState: { ...stored, colour: 'red' }, assumedMasterState: stored },
      { newDocumentState: { ...second, archived: true } },
      { newDocumentState: fresh },
    ]);
    expect(mixed.conflicts).toEqual([current, second]);
    expect(mixed.written.map(content)).toEqual([fresh]);
    expect(mixed.written[0]!.seq).toBeGreaterThan(second.seq);
    expect(await store.getList(userId, list.id)).toEqual(current);
    expect(await store.getList(userId, second.id)).toEqual(second);
    expect(await store.getList(userId, randomUUID())).toBeNull();
  });

  it('[LS1] a retried list push is unchanged: nothing written, no new seq, the server list reported when the base is not current', async () => {
    const stored = await insertList(makeList());
    const row = { newDocumentState: { ...stored, name: 'Renamed' }, assumedMasterState: stored };
    const first = await store.applyListPush(userId, [row]);
    expect(first.written).toHaveLength(1);
    const retry = await store.applyListPush(userId, [row]);
    expect(retry).toEqual({ written: [], conflicts: first.written });
    // The same content on the current base: nothing to write and nothing to report ([W5]).
    const onCurrent = await store.applyListPush(userId, [{ newDocumentState: first.written[0]!, assumedMasterState: first.written[0]! }]);
    expect(onCurrent).toEqual({ written: [], conflicts: [] });
    expect(await store.highestSeq(userId)).toBe(first.written[0]!.seq);

    const insertRow = { newDocumentState: makeList() };
    const insertedOnce = await store.applyListPush(userId, [insertRow]);
    const retriedInsert = await store.applyListPush(userId, [insertRow]);
    expect(retriedInsert).toEqual({ written: [], conflicts: insertedOnce.written });
  });

  it('[LS2] [DM22] tasks and lists take their seqs from one sequence per user; each pull returns its own collection only', async () => {
    const seqs: number[] = [];
    const task = (await store.applyPush(userId, [{ newDocumentState: makeTask({ title: 'task one' }) }])).written[0]!;
    seqs.push(task.seq);
    const list = await insertList(makeList({ name: 'list one' }));
    seqs.push(list.seq);
    seqs.push((await store.applyPush(userId, [{ newDocumentState: makeTask({ title: 'task two' }) }])).written[0]!.seq);
    const renamed = (
      await store.applyListPush(userId, [{ newDocumentState: { ...list, name: 'list one, renamed' }, assumedMasterState: list }])
    ).written[0]!;
    seqs.push(renamed.seq);
    const both = await store.applyListPush(userId, [
      { newDocumentState: makeList({ name: 'list two' }) },
      { newDocumentState: makeList({ name: 'list three' }) },
    ]);
    seqs.push(...both.written.map((written) => written.seq));
    // Another user's writes of either kind never move this user's sequence ([D2]).
    await insertList(makeList(), randomUUID());

    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(await store.highestSeq(userId)).toBe(seqs[seqs.length - 1]);

    expect((await store.pullChanges(userId, 0, 10)).map((pulled) => pulled.title)).toEqual(['task one', 'task two']);
    expect((await store.pullListChanges(userId, 0, 10)).map((pulled) => pulled.name)).toEqual([
      'list one, renamed',
      'list two',
      'list three',
    ]);
    // A checkpoint of one collection is a seq of the shared sequence: the other collection's numbers are gaps.
    expect((await store.pullListChanges(userId, task.seq, 1)).map((pulled) => pulled.name)).toEqual(['list one, renamed']);
    expect((await store.pullListChanges(userId, renamed.seq, 10)).map((pulled) => pulled.name)).toEqual(['list two', 'list three']);
    expect(await store.pullChanges(userId, seqs[2]!, 10)).toEqual([]);
  });

  it('[LS2] pulls of lists include tombstones; two users may hold the same list id without clash or leak ([X1])', async () => {
    const sharedId = randomUUID();
    const mine = await insertList(makeList({ id: sharedId, name: 'mine' }));
    const otherUser = randomUUID();
    await insertList(makeList({ id: sharedId, name: 'theirs' }), otherUser);
    const deleted = await store.applyListPush(userId, [{ newDocumentState: { ...mine, _deleted: true }, assumedMasterState: mine }]);
    expect(await store.pullListChanges(userId, mine.seq, 10)).toEqual(deleted.written);
    expect((await store.getList(otherUser, sharedId))!.name).toBe('theirs');
    expect((await store.pullListChanges(otherUser, 0, 10)).map((list) => list.name)).toEqual(['theirs']);
    expect(await store.pullChanges(otherUser, 0, 10)).toEqual([]);
  });

  it('[LS3] [P4] concurrent pushers of tasks and lists never make a puller of either collection skip a committed change', async () => {
    const writers = 6;
    const writesPerWriter = 16;
    const seen = { tasks: new Map<string, number>(), lists: new Map<string, number>() };
    const checkpoints = { tasks: 0, lists: 0 };
    const pullOnce = async () => {
      const tasks = await store.pullChanges(userId, checkpoints.tasks, 20);
      for (const task of tasks) seen.tasks.set(task.id, task.seq);
      if (tasks.length > 0) checkpoints.tasks = tasks[tasks.length - 1]!.seq;
      const lists = await store.pullListChanges(userId, checkpoints.lists, 20);
      for (const list of lists) seen.lists.set(list.id, list.seq);
      if (lists.length > 0) checkpoints.lists = lists[lists.length - 1]!.seq;
      return tasks.length + lists.length;
    };
    let writing = true;
    const puller = (async () => {
      while (writing) {
        await pullOnce();
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const acknowledged = { tasks: [] as string[], lists: [] as string[] };
    try {
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let i = 0; i < writesPerWriter; i += 1) {
            if ((writer + i) % 2 === 0) {
              const task = makeTask();
              if ((await store.applyPush(userId, [{ newDocumentState: task }])).written.length === 1) acknowledged.tasks.push(task.id);
            } else {
              const list = makeList();
              if ((await store.applyListPush(userId, [{ newDocumentState: list }])).written.length === 1) acknowledged.lists.push(list.id);
            }
          }
        }),
      );
    } finally {
      // Also when a push failed: a puller left running would outlive the store.
      writing = false;
      await puller;
    }
    while ((await pullOnce()) > 0);

    expect(acknowledged.tasks.length + acknowledged.lists.length).toBe(writers * writesPerWriter);
    expect(acknowledged.tasks.filter((id) => !seen.tasks.has(id))).toEqual([]);
    expect(acknowledged.lists.filter((id) => !seen.lists.has(id))).toEqual([]);
    const allSeqs = [...seen.tasks.values(), ...seen.lists.values()];
    expect(new Set(allSeqs).size).toBe(allSeqs.length);
    expect(await store.highestSeq(userId)).toBe(Math.max(...allSeqs));
  });

  it('[RJ4] [RJ2] with a cap, concurrent list pushes of one user never leave more live lists than the cap; over-cap rows are reported, unwritten', async () => {
    const limits = { maxLiveLists: 6 };
    const kept = await insertList(makeList({ name: 'kept' }));
    const pushes = Array.from({ length: 5 }, (_, push) => Array.from({ length: 3 }, (__, row) => makeList({ name: `p${push}.${row}` })));
    const outcomes = await Promise.all(
      pushes.map((lists) =>
        store.applyListPush(
          userId,
          lists.map((list) => ({ newDocumentState: list })),
          limits,
        ),
      ),
    );
    const overCap = outcomes.flatMap((outcome) => outcome.overCap ?? []);
    const live = (await store.pullListChanges(userId, 0, 100)).filter((list) => !list._deleted && list.id !== 'inbox');
    expect(live).toHaveLength(6);
    expect(overCap).toHaveLength(15 - 5);
    expect(live.filter((list) => overCap.includes(list.id))).toEqual([]);
    // At the cap, an edit of a stored list and the Inbox are written; a new list is not.
    const edited = await store.applyListPush(
      userId,
      [{ newDocumentState: { ...content(kept), name: 'renamed' }, assumedMasterState: kept }],
      limits,
    );
    expect(edited.written.map((list) => list.name)).toEqual(['renamed']);
    const inbox = await store.applyListPush(userId, [{ newDocumentState: makeList({ id: 'inbox', inbox: true }) }], limits);
    expect(inbox.written).toHaveLength(1);
    expect((await store.applyListPush(userId, [{ newDocumentState: makeList() }], limits)).overCap).toHaveLength(1);
  });

  it('[LS7] listLists pages the lists by order, then id, with a cursor; tombstones only with includeDeleted; this user only', async () => {
    const [tieLow, tieHigh] = [randomUUID(), randomUUID()].sort();
    const written = [
      await insertList(makeList({ name: 'third', order: 'a2' })),
      await insertList(makeList({ name: 'first', order: 'Zz' })),
      await insertList(makeList({ id: tieHigh, name: 'second, tie high', order: 'a0' })),
      await insertList(makeList({ id: tieLow, name: 'second, tie low', order: 'a0' })),
      await insertList(makeList({ name: 'fourth', order: 'a3' })),
    ];
    const gone = await insertList(makeList({ name: 'deleted', order: 'a1' }));
    await store.applyListPush(userId, [{ newDocumentState: { ...gone, _deleted: true }, assumedMasterState: gone }]);
    await insertList(makeList({ name: 'of another user', order: 'a1' }), randomUUID());

    const names: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const result = await store.listLists(userId, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      names.push(...result.lists.map((list) => list.name));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(names).toEqual(['first', 'second, tie low', 'second, tie high', 'third', 'fourth']);
    const all = await store.listLists(userId, { limit: 10, includeDeleted: true });
    expect(all.lists.map((list) => list.name)).toEqual(['first', 'second, tie low', 'second, tie high', 'deleted', 'third', 'fourth']);
    expect(all.nextCursor).toBeNull();
    expect((await store.listLists(userId, { limit: 10 })).lists).toEqual(
      [...written].sort((a, b) => (a.order === b.order ? (a.id < b.id ? -1 : 1) : a.order < b.order ? -1 : 1)),
    );
    await expect(store.listLists(userId, { limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
  });
}
