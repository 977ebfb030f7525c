import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createTaskDb, type TaskDatabase } from './create-task-db';
import { createListRepository, type ListRepository } from './list-repository';
import { liveLists } from './live-lists';
import { createTaskRepository, type TaskRepository } from './task-repository';

describe('the list repository', () => {
  let db: TaskDatabase;
  let tasks: TaskRepository;
  let lists: ListRepository;
  const names = async () => (await firstValueFrom(liveLists(db.lists))).map((list) => list.name);
  const list = async (id: string) => (await db.lists.findOne(id).exec())?.toJSON();

  beforeEach(async () => {
    db = await createTaskDb({
      userId: `lists-${Math.random().toString(36).slice(2)}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    tasks = createTaskRepository(db.tasks);
    lists = createListRepository({ lists: db.lists, tasks: db.tasks, taskRepository: tasks });
  });
  afterEach(async () => {
    await db.remove();
  });

  it('[CM9] new lists go last, after the Inbox; reorder, rename, recolour and archive each return their undo', async () => {
    const home = await lists.create({ name: ' Home ', colour: 'green' });
    const work = await lists.create({ name: 'Work' });
    const trips = await lists.create({ name: 'Trips' });
    expect(await names()).toEqual(['Inbox', 'Home', 'Work', 'Trips']);
    const undoReorder = await lists.reorder(trips.id, 0);
    expect(await names()).toEqual(['Inbox', 'Trips', 'Home', 'Work']);
    await undoReorder();
    expect(await names()).toEqual(['Inbox', 'Home', 'Work', 'Trips']);

    const undoRename = await lists.rename(work.id, 'Office');
    const undoColour = await lists.recolour(work.id, 'blue');
    const undoArchive = await lists.archive(home.id);
    expect(await list(work.id)).toMatchObject({ name: 'Office', colour: 'blue' });
    expect(await list(home.id)).toMatchObject({ archived: true });
    await undoRename();
    await undoArchive();
    expect(await list(work.id)).toMatchObject({ name: 'Work', colour: 'blue' });
    expect(await list(home.id)).toMatchObject({ archived: false });
    await undoColour();
    expect(await list(work.id)).toMatchObject({ colour: 'grey' });
  });

  it('[CM9] deleting a list with its tasks deletes them first; the undo restores both; the Inbox cannot be deleted, and names are checked', async () => {
    const errands = await lists.create({ name: 'Errands' });
    const milk = await tasks.create({ title: 'Milk', listId: errands.id });
    const kept = await tasks.create({ title: 'Elsewhere' });
    const undo = await lists.remove(errands.id, 'delete');
    expect(await db.tasks.findOne(milk.id).exec()).toBeNull();
    expect(await list(errands.id)).toBeUndefined();
    expect(await names()).toEqual(['Inbox']);
    await undo();
    expect(await names()).toEqual(['Inbox', 'Errands']);
    expect((await db.tasks.findOne(milk.id).exec())?.listId).toBe(errands.id);
    expect(await db.tasks.findOne(kept.id).exec()).not.toBeNull();

    await expect(lists.remove('inbox', 'move-to-inbox')).rejects.toThrow('the Inbox cannot be deleted');
    await expect(lists.rename(errands.id, '   ')).rejects.toThrow(/name/);
    await expect(lists.create({ name: 'x'.repeat(101) })).rejects.toThrow(/name/);
    const renamed = firstValueFrom(liveLists(db.lists).pipe(filter((all) => all[0]?.name === 'Eingang')));
    await lists.rename('inbox', 'Eingang');
    expect((await renamed).map((one) => one.name)).toEqual(['Eingang', 'Errands']);
  });
});
