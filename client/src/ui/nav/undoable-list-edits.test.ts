import { firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import { createTaskDb, type TaskDatabase } from '../../db/create-task-db';
import { createListRepository } from '../../db/list-repository';
import { createTaskRepository, type TaskRepository } from '../../db/task-repository';
import { toTask } from '../../db/to-task';
import { createUndoStack, type UndoStack } from '../undo/undo-stack';
import { listsPortOf, type ListsPort } from './ports';
import { createUndoableListEdits, type UndoableListEdits } from './undoable-list-edits';

describe('undoable list edits on the local repositories', () => {
  let db: TaskDatabase;
  let tasks: TaskRepository;
  let port: ListsPort;
  let stack: UndoStack;
  let edits: UndoableListEdits;

  beforeEach(async () => {
    db = await createTaskDb({
      userId: `undo-lists-${Math.random().toString(36).slice(2)}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    tasks = createTaskRepository(db.tasks);
    port = listsPortOf(db.lists, createListRepository({ lists: db.lists, tasks: db.tasks, taskRepository: tasks }));
    stack = createUndoStack();
    edits = createUndoableListEdits(port, stack);
  });
  afterEach(() => db.remove());

  const undo = async () => (await stack.undoLatest())?.label;
  const shown = async () =>
    (await firstValueFrom(port.lists$)).map((list) => `${list.name}:${list.colour}${list.archived ? ':archived' : ''}`);
  const list = async (id: string) => (await db.lists.findOne(id).exec())?.toJSON();
  const task = async (id: string) => {
    const doc = await db.tasks.findOne(id).exec();
    return doc ? toTask(doc.toJSON() as Task) : null;
  };

  it('[ED9] [UX1] creating a list is undone by deleting it; a task added to it meanwhile goes to the Inbox, not lost', async () => {
    const work = await edits.create({ name: 'Work', colour: 'blue' });
    expect(stack.latest()?.label).toBe('Created list ‘Work’');
    expect(await shown()).toEqual(['Inbox:grey', 'Work:blue']);
    const report = await tasks.create({ title: 'Report', listId: work.id });
    expect(await undo()).toBe('Created list ‘Work’');
    expect(await shown()).toEqual(['Inbox:grey']);
    expect(await list(work.id)).toBeUndefined();
    expect((await task(report.id))?.listId).toBe('inbox');
  });

  it('[ED9] [UX1] rename, recolour, both at once, archive and unarchive: each its own toast, each undone to the values from before as a new edit', async () => {
    const work = await port.create({ name: 'Work', colour: 'blue' });
    const current = async () => (await list(work.id))!;
    await edits.update(await current(), { name: 'Office' });
    await edits.update(await current(), { colour: 'green' });
    await edits.update(await current(), { name: 'Job', colour: 'red' });
    const archivedAt = await current();
    await edits.update(archivedAt, { archived: true });
    expect(await shown()).toEqual(['Inbox:grey', 'Job:red:archived']);
    await edits.update(await current(), { archived: false });
    expect(stack.latest()?.label).toBe('Unarchived list ‘Job’');

    expect(await undo()).toBe('Unarchived list ‘Job’');
    expect(await shown()).toEqual(['Inbox:grey', 'Job:red:archived']);
    expect(await undo()).toBe('Archived list ‘Job’');
    expect(await shown()).toEqual(['Inbox:grey', 'Job:red']);
    expect((await current()).updatedAt > archivedAt.updatedAt).toBe(true); // a new edit, not a rollback
    expect(await undo()).toBe('Edited list ‘Job’');
    expect(await shown()).toEqual(['Inbox:grey', 'Office:green']);
    expect(await undo()).toBe('Recoloured list ‘Office’');
    expect(await undo()).toBe('Renamed list ‘Work’');
    expect(await shown()).toEqual(['Inbox:grey', 'Work:blue']);
    // the Inbox can be renamed too, and that is undone the same way
    await edits.update((await list('inbox'))!, { name: 'Eingang' });
    expect(await undo()).toBe('Renamed list ‘Inbox’');
    expect(await shown()).toEqual(['Inbox:grey', 'Work:blue']);
    expect(stack.size).toBe(0);
  });

  it('[ED9] [UX1] deleting a list and moving its tasks to the Inbox: the undo restores the list and moves those same tasks back, not the Inbox’s own', async () => {
    const work = await port.create({ name: 'Work', colour: 'blue' });
    const a = await tasks.create({ title: 'A', listId: work.id, order: 'a0' });
    const b = await tasks.create({ title: 'B', listId: work.id, status: 'done' });
    const own = await tasks.create({ title: 'Inbox own' });
    await edits.remove((await list(work.id))!, 'move-to-inbox', 2);
    expect(stack.latest()?.label).toBe('Deleted list ‘Work’; 2 tasks moved to the Inbox');
    expect(await shown()).toEqual(['Inbox:grey']);
    expect([(await task(a.id))?.listId, (await task(b.id))?.listId]).toEqual(['inbox', 'inbox']);

    expect(await undo()).toBe('Deleted list ‘Work’; 2 tasks moved to the Inbox');
    expect(await shown()).toEqual(['Inbox:grey', 'Work:blue']);
    expect(await task(a.id)).toMatchObject({ listId: work.id, order: 'a0' });
    expect(await task(b.id)).toMatchObject({ listId: work.id, status: 'done' });
    expect((await task(own.id))?.listId).toBe('inbox');
  });

  it('[ED9] [UX1] deleting a list with its tasks: the toast counts them; the undo restores the list and its tasks', async () => {
    const work = await port.create({ name: 'Work', colour: 'blue' });
    const made = [];
    for (const title of ['A', 'B', 'C']) made.push(await tasks.create({ title, listId: work.id, checklist: ['one'] }));
    const kept = await tasks.create({ title: 'Elsewhere' });
    await edits.remove((await list(work.id))!, 'delete', 3);
    expect(stack.latest()?.label).toBe('Deleted list ‘Work’ and 3 tasks');
    for (const one of made) expect(await task(one.id)).toBeNull();

    expect(await undo()).toBe('Deleted list ‘Work’ and 3 tasks');
    expect(await shown()).toEqual(['Inbox:grey', 'Work:blue']);
    for (const one of made) expect(await task(one.id)).toMatchObject({ title: one.title, listId: work.id, _deleted: false });
    expect(await task(kept.id)).toMatchObject({ listId: 'inbox' });

    // a list without tasks says so, and one task is "1 task"
    const empty = await port.create({ name: 'Empty', colour: 'grey' });
    await edits.remove((await list(empty.id))!, 'delete', 0);
    expect(stack.latest()?.label).toBe('Deleted list ‘Empty’');
    await edits.remove((await list(work.id))!, 'delete', 1);
    expect(stack.latest()?.label).toBe('Deleted list ‘Work’ and 1 task');
  });
});
