import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb, type TaskDatabase } from '../../db/create-task-db';
import { createTaskRepository } from '../../db/task-repository';
import { byCreatedNewest } from './filter-tasks';
import { liveTaskList, refreshIntervalMs } from './live-task-list';

const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

describe('the live task list', () => {
  let db: TaskDatabase;

  beforeEach(async () => {
    db = await createTaskDb({ userId: `list-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });
  });
  afterEach(() => db.remove());

  function follow() {
    const seen: Task[][] = [];
    const subscription = liveTaskList(db.tasks).subscribe((tasks) => seen.push(tasks));
    const latest = () => seen[seen.length - 1] ?? null;
    return { seen, latest, stop: () => subscription.unsubscribe() };
  }

  it('[BW6] lists the stored tasks newest first and follows inserts, edits and deletes', async () => {
    await db.tasks.bulkInsert([makeTask({ title: 'old', createdAt: at(1) }), makeTask({ title: 'middle', createdAt: at(2) })]);
    const list = follow();
    await waitFor(() => list.latest() !== null, 5000, 'the first list');
    expect(list.latest()!.map((task) => task.title)).toEqual(['middle', 'old']);

    const repository = createTaskRepository(db.tasks);
    const added = await db.tasks.insert(makeTask({ title: 'new', createdAt: at(3) }));
    await repository.update(list.latest()![1]!.id, { title: 'old, edited' });
    await repository.remove(list.latest()![0]!.id);
    await waitFor(
      () =>
        list
          .latest()!
          .map((task) => task.title)
          .join() === 'new,old, edited',
      5000,
      'the edits in the list',
    );
    expect(list.latest()![0]).toMatchObject({ id: added.id, createdAt: at(3), _deleted: false });
    list.stop();
  });

  it('[BW6] a write racing the first query is not lost, and a burst of writes is merged in, sorted', async () => {
    await db.tasks.insert(makeTask({ title: 'before', createdAt: at(1) }));
    const list = follow();
    // Written while the first query runs: its change event arrives before or after the query's answer.
    const racing = makeTask({ title: 'racing', createdAt: at(2) });
    await db.tasks.insert(racing);
    await waitFor(() => list.latest()?.length === 2, 5000, 'both tasks');
    expect(list.latest()!.map((task) => task.title)).toEqual(['racing', 'before']);

    const burst = Array.from({ length: 3000 }, (_, i) =>
      makeTask({ title: `burst ${i}`, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString() }),
    );
    for (let start = 0; start < burst.length; start += 1000) await db.tasks.bulkInsert(burst.slice(start, start + 1000));
    await waitFor(() => list.latest()!.length === 3002, 5000, 'the burst');
    const shown = list.latest()!;
    expect(shown).toEqual([...shown].sort(byCreatedNewest));
    expect(shown.slice(0, 3).map((task) => task.title)).toEqual(['racing', 'before', 'burst 2999']);
    list.stop();
  });

  it('refreshes a large list less often', () => {
    expect(refreshIntervalMs(10)).toBe(100);
    expect(refreshIntervalMs(50_000)).toBe(500);
    expect(refreshIntervalMs(1_000_000)).toBe(1000);
  });
});
