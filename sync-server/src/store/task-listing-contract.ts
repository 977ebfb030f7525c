import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import type { Store, TaskListQuery } from './store';

/**
 * The per-list and due listings of the store contract (docs/data-model-v2.md [LS5], [LS6]; [DM23]). Runs inside
 * `describeStoreContract`.
 */
export function describeTaskListingContract(current: () => { store: Store; userId: string }): void {
  let store: Store;
  let userId: string;
  beforeEach(() => {
    ({ store, userId } = current());
  });

  async function insert(task: Task, owner = userId): Promise<StoredTask> {
    const outcome = await store.applyPush(owner, [{ newDocumentState: task }]);
    expect(outcome.conflicts).toEqual([]);
    return outcome.written[0]!;
  }

  async function edit(stored: StoredTask, change: Partial<Task>): Promise<StoredTask> {
    const outcome = await store.applyPush(userId, [{ newDocumentState: { ...stored, ...change }, assumedMasterState: stored }]);
    expect(outcome.conflicts).toEqual([]);
    return outcome.written[0]!;
  }

  /** Every page of a listing, two at a time, following the cursors. */
  async function titlesOfAllPages(query: Omit<TaskListQuery, 'limit' | 'cursor'>): Promise<string[]> {
    const titles: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const result = await store.listTasks(userId, { ...query, limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      titles.push(...result.tasks.map((task) => task.title));
      if (result.nextCursor === null) return titles;
      cursor = result.nextCursor;
    }
    throw new Error('the listing did not end');
  }

  const at = (second: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + second * 1000).toISOString();

  it("[LS5] listTasks with listId lists that list's tasks only, newest first and paged; a move changes the listing", async () => {
    const [listA, listB] = [randomUUID(), randomUUID()];
    const first = await insert(makeTask({ title: 'a first', listId: listA, createdAt: at(1) }));
    await insert(makeTask({ title: 'a second', listId: listA, status: 'done', createdAt: at(2) }));
    await insert(makeTask({ title: 'in b', listId: listB, createdAt: at(3) }));
    await insert(makeTask({ title: 'in the inbox', createdAt: at(4) }));
    await insert(makeTask({ title: 'a third', listId: listA, createdAt: at(5) }));
    const gone = await insert(makeTask({ title: 'a deleted', listId: listA, createdAt: at(6) }));
    await edit(gone, { _deleted: true });
    await insert(makeTask({ title: 'of another user', listId: listA, createdAt: at(7) }), randomUUID());

    expect(await titlesOfAllPages({ listId: listA })).toEqual(['a third', 'a second', 'a first']);
    expect(await titlesOfAllPages({ listId: listA, includeDeleted: true })).toEqual(['a deleted', 'a third', 'a second', 'a first']);
    expect(await titlesOfAllPages({ listId: listA, status: 'done' })).toEqual(['a second']);
    expect(await titlesOfAllPages({ listId: 'inbox' })).toEqual(['in the inbox']);

    await edit(first, { listId: listB });
    expect(await titlesOfAllPages({ listId: listA })).toEqual(['a third', 'a second']);
    expect(await titlesOfAllPages({ listId: listB })).toEqual(['in b', 'a first']);
  });

  it('[LS6] [DM23] dueBefore lists open tasks whose due key is before it, by key then id, paged; never done, deleted or undated ones', async () => {
    const [tieLow, tieHigh] = [randomUUID(), randomUUID()].sort();
    const berlin = (instant: string) => ({ at: instant, timeZone: 'Europe/Berlin' });
    const dated = await insert(makeTask({ title: 'date 03-01', due: { date: '2026-03-01' } }));
    const timed = await insert(makeTask({ title: 'at 03-01 08:00Z', due: berlin('2026-03-01T08:00:00.000Z') }));
    // Keys are canonical instants, whatever offset the document spells.
    await insert(makeTask({ title: 'at 03-01 08:30Z', due: berlin('2026-03-01T09:30:00+01:00') }));
    await insert(makeTask({ id: tieHigh, title: 'date 03-02, tie high', due: { date: '2026-03-02' } }));
    await insert(makeTask({ id: tieLow, title: 'date 03-02, tie low', due: { date: '2026-03-02' } }));
    await insert(makeTask({ title: 'in progress 02-15', status: 'in_progress', due: { date: '2026-02-15' }, listId: 'errands' }));
    await insert(makeTask({ title: 'date 03-05, later', due: { date: '2026-03-05' } }));
    await insert(makeTask({ title: 'done 02-01', status: 'done', completedAt: at(0), due: { date: '2026-02-01' } }));
    await edit(await insert(makeTask({ title: 'deleted 02-01', due: { date: '2026-02-01' } })), { _deleted: true });
    await insert(makeTask({ title: 'no due' }));
    await insert(makeTask({ title: 'of another user', due: { date: '2026-02-01' } }), randomUUID());

    const expected = [
      'in progress 02-15',
      'date 03-01',
      'at 03-01 08:00Z',
      'at 03-01 08:30Z',
      'date 03-02, tie low',
      'date 03-02, tie high',
    ];
    expect(await titlesOfAllPages({ dueBefore: '2026-03-03' })).toEqual(expected);
    expect(await titlesOfAllPages({ dueBefore: '2026-03-03', includeDeleted: true })).toEqual(expected);
    // The bound is exclusive, and a date sorts before every instant of its own day.
    expect(await titlesOfAllPages({ dueBefore: '2026-03-01' })).toEqual(['in progress 02-15']);
    expect(await titlesOfAllPages({ dueBefore: '2026-03-01T08:00:00.000Z' })).toEqual(['in progress 02-15', 'date 03-01']);
    expect(await titlesOfAllPages({ dueBefore: '2026-03-03', listId: 'errands' })).toEqual(['in progress 02-15']);
    expect(await titlesOfAllPages({ dueBefore: '2026-03-03', status: 'todo' })).toEqual(expected.slice(1));

    // Writes move tasks in and out: a removed due, a completion, a new due.
    await edit(dated, { due: null });
    await edit(timed, { status: 'done', completedAt: at(9) });
    await insert(makeTask({ title: 'new 01-01', due: { date: '2026-01-01' } }));
    expect(await titlesOfAllPages({ dueBefore: '2026-03-03' })).toEqual([
      'new 01-01',
      'in progress 02-15',
      'at 03-01 08:30Z',
      'date 03-02, tie low',
      'date 03-02, tie high',
    ]);

    // A cursor belongs to its listing: the newest-first listing's cursor is refused here.
    const newestFirst = await store.listTasks(userId, { limit: 1 });
    await expect(store.listTasks(userId, { limit: 1, dueBefore: '2026-03-03', cursor: newestFirst.nextCursor! })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
  });
}
