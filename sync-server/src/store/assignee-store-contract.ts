import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import type { Store, TaskListQuery } from './store';

/**
 * The assignment part of the store contract (docs/protocol.md [AS3], [AS5]) for what every store does, sharing or not:
 * outside a shared list only the writer may be assigned. Runs inside `describeStoreContract`; sharing's own cases run
 * over a real server (sync-server/test/task-assignment.test.ts).
 */
export function describeAssigneeContract(current: () => { store: Store; userId: string }): void {
  let store: Store;
  let userId: string;
  beforeEach(() => {
    ({ store, userId } = current());
  });

  const content = ({ seq: _seq, ...rest }: StoredTask): Task => rest;

  it('[AS3] a task assigned to its writer or to nobody is written; one assigned to anyone else is denied INVALID_ASSIGNEE, writing nothing', async () => {
    const mine = makeTask({ title: 'mine', assignee: userId });
    const nobodys = makeTask({ title: 'nobody', listId: randomUUID() });
    const theirs = makeTask({ title: 'theirs', assignee: randomUUID() });
    const outcome = await store.applyPush(userId, [
      { newDocumentState: mine },
      { newDocumentState: theirs },
      { newDocumentState: nobodys },
    ]);
    expect(outcome.denied).toEqual([{ id: theirs.id, code: 'INVALID_ASSIGNEE' }]);
    expect(outcome.conflicts).toEqual([]);
    expect(outcome.written.map((task) => [task.title, task.assignee])).toEqual([
      ['mine', userId],
      ['nobody', null],
    ]);
    expect(await store.getTask(userId, theirs.id)).toBeNull();
    expect(await store.highestSeq(userId)).toBe(outcome.written[1]!.seq);
  });

  it('[AS3] an edit that assigns someone else is denied and the stored task stays; unassigning and keeping the assignee are written', async () => {
    const [stored] = (await store.applyPush(userId, [{ newDocumentState: makeTask({ assignee: userId }) }])).written;
    const reassigned = await store.applyPush(userId, [
      { newDocumentState: { ...content(stored!), assignee: randomUUID() }, assumedMasterState: stored! },
    ]);
    expect(reassigned).toEqual({ written: [], conflicts: [], denied: [{ id: stored!.id, code: 'INVALID_ASSIGNEE' }] });
    expect(await store.getTask(userId, stored!.id)).toEqual(stored);
    const renamed = await store.applyPush(userId, [
      { newDocumentState: { ...content(stored!), title: 'renamed' }, assumedMasterState: stored! },
    ]);
    expect(renamed.written[0]).toMatchObject({ title: 'renamed', assignee: userId });
    const unassigned = await store.applyPush(userId, [
      { newDocumentState: { ...content(renamed.written[0]!), assignee: null }, assumedMasterState: renamed.written[0]! },
    ]);
    expect(unassigned.written[0]?.assignee).toBeNull();
    expect(unassigned.denied).toBeUndefined();
  });

  it('[AS5] listTasks with assignee lists the tasks assigned to that user only, with the other filters, both orders and pages', async () => {
    const listId = randomUUID();
    const at = (second: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + second * 1000).toISOString();
    const tasks = [
      makeTask({ title: 'a', assignee: userId, createdAt: at(1), due: { date: '2026-01-03' } }),
      makeTask({ title: 'b', createdAt: at(2), due: { date: '2026-01-02' } }),
      makeTask({ title: 'c', assignee: userId, listId, createdAt: at(3), due: { date: '2026-01-01' } }),
      makeTask({ title: 'd', assignee: userId, status: 'done', createdAt: at(4) }),
      makeTask({ title: 'e', assignee: userId, createdAt: at(5), _deleted: true }),
    ];
    expect(
      (
        await store.applyPush(
          userId,
          tasks.map((task) => ({ newDocumentState: task })),
        )
      ).written,
    ).toHaveLength(5);
    await store.applyPush(randomUUID(), [{ newDocumentState: makeTask({ title: 'another user', createdAt: at(6) }) }]);

    const titles = async (query: Omit<TaskListQuery, 'limit' | 'cursor' | 'assignee'>) => {
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listTasks(userId, { ...query, assignee: userId, limit: 1, ...(cursor ? { cursor } : {}) });
        found.push(...page.tasks.map((task) => task.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && found.length < 10);
      return found;
    };
    expect(await titles({})).toEqual(['d', 'c', 'a']);
    expect(await titles({ includeDeleted: true })).toEqual(['e', 'd', 'c', 'a']);
    expect(await titles({ status: 'done' })).toEqual(['d']);
    expect(await titles({ listId })).toEqual(['c']);
    expect(await titles({ dueBefore: '2026-01-04' })).toEqual(['c', 'a']);
    expect((await store.listTasks(userId, { limit: 10, assignee: randomUUID() })).tasks).toEqual([]);
  });
}
