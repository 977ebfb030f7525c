import { createRevision, now } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Task } from '@tasklane/shared/domain/task';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import { createTaskDb, type TaskDatabase } from './create-task-db';
import { InvalidDocumentError } from './document-checks';
import { createTaskRepository, type TaskRepository } from './task-repository';
import { planPlacedMove } from './task-order';
import { toTask } from './to-task';

const DAILY: RecurrenceRule = { frequency: 'daily', interval: 1, end: { kind: 'never' } };

/** A clock that moves one second per reading, so every write is later than the one before. */
function steppingClock(start = Date.parse('2026-03-01T08:00:00.000Z')) {
  let ms = start;
  return () => new Date((ms += 1000));
}

describe('the task repository (the writes the UI makes)', () => {
  let db: TaskDatabase;
  let tasks: TaskRepository;
  const read = async (id: string) => toTask((await db.tasks.findOne(id).exec())!.toJSON() as Task);

  beforeEach(async () => {
    db = await createTaskDb({ userId: `repo-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });
    tasks = createTaskRepository(db.tasks, steppingClock());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('[CM3] creates a complete, canonical version-2 task: list, due, tags, checklist and a series starting at the due', async () => {
    const created = await tasks.create({
      title: '  Water the plants ',
      listId: 'home',
      due: { at: '2026-03-02T07:00:00+00:00', timeZone: 'Europe/Berlin' },
      tags: ['home', 'home'],
      checklist: ['Kitchen', 'Balcony'],
      recurrence: DAILY,
    });
    const stored = await read(created.id);
    expect(stored).toEqual(created);
    expect(taskSchema.safeParse(stored).success).toBe(true);
    expect(stored).toMatchObject({ title: 'Water the plants', listId: 'home', tags: ['home'], due: { at: '2026-03-02T07:00:00.000Z' } });
    expect(stored.recurrence).toMatchObject({ rule: DAILY, start: stored.due, startOccurrence: 0 });
    expect(visibleItems(stored.checklist).map((item) => item.text)).toEqual(['Kitchen', 'Balcony']);
    expect((await tasks.create({ title: 'Inbox by default' })).listId).toBe('inbox');
  });

  it('[CM7] an update returns its undo, which sets back only the fields it changed, keeping a later edit of another field', async () => {
    const task = await tasks.create({ title: 'Report', priority: 'low' });
    const undo = await tasks.update(task.id, { listId: 'work', due: { date: '2026-03-05' }, order: 'a0', priority: 'high' });
    expect(await read(task.id)).toMatchObject({ listId: 'work', due: { date: '2026-03-05' }, order: 'a0', priority: 'high' });
    await tasks.update(task.id, { title: 'Quarterly report' });
    await undo();
    expect(await read(task.id)).toMatchObject({ title: 'Quarterly report', listId: 'inbox', due: null, order: null, priority: 'low' });
  });

  it('[CM7] [DM10] [DM12] completing a recurring task advances it; its undo brings the due back without lowering the counter', async () => {
    const task = await tasks.create({ title: 'Stretch', due: { date: '2026-03-02' }, recurrence: DAILY });
    const undo = await tasks.complete(task.id);
    const advanced = await read(task.id);
    expect(advanced).toMatchObject({ status: 'todo', occurrence: 1, due: { date: '2026-03-03' }, completedAt: null });
    await undo();
    const undone = await read(task.id);
    expect(undone).toMatchObject({ status: 'todo', occurrence: 1, due: { date: '2026-03-02' } });
    expect(undone.recurrence?.startOccurrence).toBe(1);
    expect(undone.recurrenceEditedAt! > advanced.recurrenceEditedAt!).toBe(true);

    const once = await tasks.create({ title: 'Call the bank' });
    const undoDone = await tasks.toggleComplete(once.id);
    expect(await read(once.id)).toMatchObject({ status: 'done' });
    expect((await read(once.id)).completedAt).not.toBeNull();
    await undoDone();
    expect(await read(once.id)).toMatchObject({ status: 'todo', completedAt: null });
  });

  it('[AS3] a task moved to another list is unassigned, unless the same edit names its assignee there', async () => {
    const assignee = '0190b7c2-7d1e-7c3a-9f00-000000000001';
    const task = await tasks.create({ title: 'Shared chore', listId: 'home' });
    await tasks.update(task.id, { assignee });
    await tasks.moveToList(task.id, 'work');
    expect(await read(task.id)).toMatchObject({ listId: 'work', assignee: null });
    await tasks.update(task.id, { assignee });
    await tasks.update(task.id, { listId: 'home', assignee });
    expect(await read(task.id)).toMatchObject({ listId: 'home', assignee });
    await tasks.update(task.id, { listId: 'errands' });
    expect(await read(task.id)).toMatchObject({ listId: 'errands', assignee: null });
    await tasks.update(task.id, { assignee, title: 'Same list' });
    await tasks.moveToList(task.id, 'errands');
    expect((await read(task.id)).assignee).toBe(assignee);
  });

  it('[IN2] completing an occurrence logs when; the undo takes the logged completion back, keeping the others', async () => {
    const task = await tasks.create({ title: 'Stretch', due: { date: '2026-03-02' }, recurrence: DAILY });
    await tasks.complete(task.id);
    const first = await read(task.id);
    expect(first.completions).toEqual([{ occurrence: 0, at: first.updatedAt }]);
    const undo = await tasks.complete(task.id);
    const second = await read(task.id);
    expect(second.completions).toEqual([
      { occurrence: 0, at: first.updatedAt },
      { occurrence: 1, at: second.updatedAt },
    ]);
    expect(taskSchema.safeParse(second).success).toBe(true);
    await undo();
    expect((await read(task.id)).completions).toEqual([{ occurrence: 0, at: first.updatedAt }]);
    expect((await read((await tasks.create({ title: 'Once' })).id)).completions).toEqual([]);
  });

  it('[CM3] [DM12] a series needs a due; moving the due of a recurring task restarts its series there; null removes it', async () => {
    const task = await tasks.create({ title: 'Gym' });
    await expect(tasks.setRecurrence(task.id, DAILY)).rejects.toThrow(InvalidDocumentError);
    await tasks.update(task.id, { due: { date: '2026-03-10' } });
    const undoSeries = await tasks.setRecurrence(task.id, { frequency: 'weekly', interval: 1, weekdays: ['tue'], end: { kind: 'never' } });
    expect((await read(task.id)).recurrence?.start).toEqual({ date: '2026-03-10' });
    await tasks.update(task.id, { due: { date: '2026-03-17' } });
    expect((await read(task.id)).recurrence?.start).toEqual({ date: '2026-03-17' });
    await undoSeries();
    expect(await read(task.id)).toMatchObject({ recurrence: null, due: { date: '2026-03-17' } });
    await expect(tasks.setRecurrence(task.id, { frequency: 'weekly', interval: 1, weekdays: [], end: { kind: 'never' } })).rejects.toThrow(
      /recurrence\.rule\.weekdays/,
    );
  });

  it('[CM7] [DM13] checklist actions: add, tick, rename, move, remove, each with its undo', async () => {
    const task = await tasks.create({ title: 'Pack', checklist: ['Passport'] });
    await tasks.checklist.add(task.id, 'Charger');
    const undoFirst = await tasks.checklist.add(task.id, 'Tickets', 0);
    const items = () => read(task.id).then((stored) => visibleItems(stored.checklist));
    expect((await items()).map((item) => item.text)).toEqual(['Tickets', 'Passport', 'Charger']);
    const [tickets, passport, charger] = await items();
    const undoTick = await tasks.checklist.tick(task.id, passport!.id, true);
    await tasks.checklist.rename(task.id, charger!.id, 'Phone charger');
    const undoMove = await tasks.checklist.move(task.id, charger!.id, 0);
    expect((await items()).map((item) => [item.text, item.done])).toEqual([
      ['Phone charger', false],
      ['Tickets', false],
      ['Passport', true],
    ]);
    await undoMove();
    await undoTick();
    expect((await items()).map((item) => [item.text, item.done])).toEqual([
      ['Tickets', false],
      ['Passport', false],
      ['Phone charger', false],
    ]);
    const undoRemove = await tasks.checklist.remove(task.id, tickets!.id);
    expect((await items()).map((item) => item.text)).toEqual(['Passport', 'Phone charger']);
    await undoRemove();
    expect((await items()).map((item) => item.text)).toEqual(['Tickets', 'Passport', 'Phone charger']);
    await undoFirst(); // the re-added item is a new one: the undo of the first add finds its item removed already
    expect((await items()).map((item) => item.text)).toEqual(['Tickets', 'Passport', 'Phone charger']);
  });

  it('[CM6] [DM17] a move writes one key among placed tasks, and places the unplaced ones the task lands after', async () => {
    const a = await tasks.create({ title: 'a', order: 'a0' });
    const b = await tasks.create({ title: 'b', order: 'a1' });
    const c = await tasks.create({ title: 'c' });
    const d = await tasks.create({ title: 'd' });
    const shown = [a, b, d, c]; // placed by key, then the others newest first
    expect(planPlacedMove(shown, b.id, 0)).toEqual(new Map([[b.id, expect.any(String)]]));
    const undo = await tasks.move(a.id, shown, 2); // after d: d gets a key, c stays unplaced
    const [sa, sb, sc, sd] = await Promise.all([a, b, c, d].map((task) => read(task.id)));
    expect(sc!.order).toBeNull();
    expect(sb!.order! < sd!.order! && sd!.order! < sa!.order!).toBe(true);
    await undo();
    expect(await Promise.all([a, b, c, d].map(async (task) => (await read(task.id)).order))).toEqual(['a0', 'a1', null, null]);
  });

  it('[CM8] an invalid write is refused with the reasons and changes nothing', async () => {
    const task = await tasks.create({ title: 'Valid' });
    await expect(tasks.update(task.id, { title: '   ' })).rejects.toThrow(/title/);
    await expect(tasks.update(task.id, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).rejects.toThrow(/tags/);
    await expect(tasks.update(task.id, { listId: 'not a list id!' })).rejects.toThrow(/listId/);
    await expect(tasks.create({ title: '' })).rejects.toThrow(InvalidDocumentError);
    expect(await read(task.id)).toEqual(task);
    expect(await db.tasks.count().exec()).toBe(1);
  });

  it('[CM3] remove leaves a tombstone and restore brings the task back', async () => {
    const task = await tasks.create({ title: 'Temporary', due: { date: '2026-03-09' } });
    const removed = await tasks.remove(task.id);
    expect(await db.tasks.findOne(task.id).exec()).toBeNull();
    await tasks.restore(removed);
    expect(await read(task.id)).toMatchObject({ title: 'Temporary', due: { date: '2026-03-09' }, _deleted: false });
  });

  it('[CM10] [DM12] [DM15] restore reverts only the delete: a completion and a checklist removal synced in since are kept', async () => {
    const task = await tasks.create({
      title: 'Water the plants',
      due: { date: '2026-03-02' },
      recurrence: DAILY,
      checklist: ['Kitchen', 'Balcony'],
    });
    const removed = await tasks.remove(task.id);
    // Another device completed the occurrence and removed an item of the deleted task; replication stored that here.
    const [tombstone] = await db.tasks.storageInstance.findDocumentsById([task.id], true);
    const kitchen = visibleItems(task.checklist).find((item) => item.text === 'Kitchen')!;
    const synced = {
      ...tombstone!,
      occurrence: 1,
      checklist: tombstone!.checklist.map((entry) =>
        entry.id === kitchen.id ? { id: kitchen.id, removedAt: '2026-03-01T09:00:00.000Z' } : entry,
      ),
      _rev: createRevision(db.token, tombstone),
      _meta: { lwt: now() },
    };
    const written = await db.tasks.storageInstance.bulkWrite([{ previous: tombstone, document: synced }], 'remote-change');
    expect(written.error).toEqual([]);
    await tasks.restore(removed);
    const restored = await read(task.id);
    expect(restored).toMatchObject({ _deleted: false, occurrence: 1, due: { date: '2026-03-03' } });
    expect(visibleItems(restored.checklist).map((item) => item.text)).toEqual(['Balcony']);
  });
});
