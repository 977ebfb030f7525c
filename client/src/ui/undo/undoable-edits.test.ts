import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { Task } from '@tasklane/shared/domain/task';
import { createTaskDb, type TaskDatabase } from '../../db/create-task-db';
import { createTaskRepository, type TaskRepository } from '../../db/task-repository';
import { toTask } from '../../db/to-task';
import { hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import { describeDue } from '../tasks/due-date';
import { createUndoableEdits, type UndoableEdits } from './undoable-edits';
import { createUndoStack, type UndoStack } from './undo-stack';

const ZONE = 'Europe/Berlin';

describe('undoable edits on the local repository', () => {
  let db: TaskDatabase;
  let repository: TaskRepository;
  let stack: UndoStack;
  let edits: UndoableEdits;
  let said: string[];

  beforeEach(async () => {
    db = await createTaskDb({ userId: `undo-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });
    repository = createTaskRepository(db.tasks);
    stack = createUndoStack();
    said = [];
    edits = createUndoableEdits(repository, stack, {
      announce: (text) => said.push(text),
      describeDue: (due) => describeDue(due, new Date('2026-05-04T08:00:00.000Z'), ZONE).text,
    });
  });
  afterEach(() => db.remove());

  const read = async (id: string): Promise<Task> => toTask((await db.tasks.findOne(id).exec())!.toJSON() as Task);
  const undo = async () => (await stack.undoLatest())?.label;

  it('[SH5] [CM10] undoing a delete after the task was hidden from this device (its shared list left) brings back the task, not the "No access" placeholder', async () => {
    const task = await repository.create({ title: 'Buy oat milk', listId: 'groceries' });
    await edits.remove(task);
    // what a pull brings once the user lost access: a tombstone that tells nothing of the task
    const hidden = hiddenTask(task.id, '2026-05-04T09:00:00.000Z');
    await db.tasks.bulkUpsert([{ ...hidden, _deleted: false }]);
    await (await db.tasks.findOne(task.id).exec())!.remove();
    expect(await undo()).toBe('Deleted ‘Buy oat milk’');
    expect(await read(task.id)).toMatchObject({ title: 'Buy oat milk', listId: 'groceries', createdAt: task.createdAt, _deleted: false });
  });

  it('[ED9] an edit, a move to another list and a delete are each undone as a new edit', async () => {
    const task = await repository.create({ title: 'Pay rent', due: { date: '2026-05-04' } });
    await edits.save(task, { title: 'Pay the rent', priority: 'high', due: { date: '2026-05-06' } }, undefined);
    expect(stack.latest()?.label).toBe('Edited ‘Pay the rent’');
    const edited = await read(task.id);
    expect(edited).toMatchObject({ title: 'Pay the rent', priority: 'high', due: { date: '2026-05-06' } });
    await edits.save(edited, { listId: 'work' }, undefined, 'Work');
    expect(said).toEqual(['Moved ‘Pay the rent’ to Work.']);

    expect(await undo()).toBe('Moved ‘Pay the rent’ to Work');
    expect((await read(task.id)).listId).toBe('inbox');
    expect(await undo()).toBe('Edited ‘Pay the rent’');
    const back = await read(task.id);
    expect(back).toMatchObject({ title: 'Pay rent', priority: 'medium', due: { date: '2026-05-04' } });
    // an undo is a new write, not a rollback: the clock moved on
    expect(back.updatedAt >= edited.updatedAt).toBe(true);

    await edits.remove(back);
    expect(await db.tasks.findOne(task.id).exec()).toBeNull();
    expect(await undo()).toBe('Deleted ‘Pay rent’');
    expect(await read(task.id)).toMatchObject({ title: 'Pay rent', _deleted: false });
    expect(stack.size).toBe(0);
  });

  it('[ED9] [UX1] quick add is undoable: the undo deletes the new task as a delete does (a tombstone), and undoing that delete first brings it back', async () => {
    await edits.create({ title: ' Milk ', listId: 'groceries', tags: ['shop'] });
    expect(stack.latest()?.label).toBe('Created ‘Milk’');
    const [created] = (await db.tasks.find().exec()).map((doc) => toTask(doc.toJSON() as Task));
    expect(created).toMatchObject({ title: 'Milk', listId: 'groceries', tags: ['shop'] });
    await edits.remove(created!);
    expect(await undo()).toBe('Deleted ‘Milk’');
    expect(await read(created!.id)).toMatchObject({ title: 'Milk', _deleted: false });
    expect(await undo()).toBe('Created ‘Milk’');
    expect(await db.tasks.findOne(created!.id).exec()).toBeNull();
    const [tombstone] = await db.tasks.storageInstance.findDocumentsById([created!.id], true);
    expect(tombstone).toMatchObject({ title: 'Milk', _deleted: true });
    expect(stack.size).toBe(0);
  });

  it('[ED5] completing a recurring task advances it and says the next due; undo restores the due, never the counter', async () => {
    const task = await repository.create({
      title: 'Water plants',
      due: { date: '2026-05-04' },
      recurrence: { frequency: 'daily', interval: 2, end: { kind: 'never' } },
    });
    await edits.toggleComplete(task);
    expect(said).toEqual(['Next: Wed 6 May']);
    const advanced = await read(task.id);
    expect(advanced).toMatchObject({ status: 'todo', due: { date: '2026-05-06' }, occurrence: 1 });

    expect(await undo()).toBe('Completed ‘Water plants’');
    const undone = await read(task.id);
    expect(undone.due).toEqual({ date: '2026-05-04' });
    expect(undone.occurrence).toBe(1); // [DM12]: a new series from before, the counter kept
    expect(undone.recurrenceEditedAt! > advanced.recurrenceEditedAt!).toBe(true);
  });

  it('[ED3] a rule set on a task without a due starts today; changing or removing it is undone too', async () => {
    const task = await repository.create({ title: 'Stand-up' });
    await edits.save(task, { due: { date: '2026-05-04' } }, { frequency: 'weekdays', end: { kind: 'never' } });
    const recurring = await read(task.id);
    expect(recurring.recurrence).toMatchObject({ rule: { frequency: 'weekdays' }, start: { date: '2026-05-04' } });
    await edits.save(recurring, {}, null);
    expect((await read(task.id)).recurrence).toBeNull();
    await undo();
    expect((await read(task.id)).recurrence).toMatchObject({ rule: { frequency: 'weekdays' } });
    await undo();
    expect(await read(task.id)).toMatchObject({ recurrence: null, due: null });
  });

  it('[ED6] checklist add, tick, rename, move and remove, each undoable', async () => {
    const task = await repository.create({ title: 'Pack', checklist: ['Passport', 'Charger'] });
    const texts = async () => visibleItems((await read(task.id)).checklist).map((item) => `${item.done ? 'x' : ' '}${item.text}`);
    await edits.addChecklistItem(await read(task.id), 'Tickets');
    const [passport, charger] = visibleItems((await read(task.id)).checklist);
    await edits.tickChecklistItem(await read(task.id), passport!.id, true);
    await edits.renameChecklistItem(await read(task.id), charger!.id, 'Phone charger');
    await edits.moveChecklistItem(await read(task.id), charger!.id, 0);
    expect(await texts()).toEqual([' Phone charger', 'xPassport', ' Tickets']);
    await edits.removeChecklistItem(await read(task.id), passport!.id);
    expect(await texts()).toEqual([' Phone charger', ' Tickets']);

    expect(await undo()).toBe('Removed ‘Passport’');
    expect(await texts()).toEqual([' Phone charger', 'xPassport', ' Tickets']);
    expect(await undo()).toBe('Moved ‘Phone charger’');
    expect(await undo()).toBe('Renamed ‘Charger’');
    expect(await texts()).toEqual(['xPassport', ' Charger', ' Tickets']);
    // the Passport that came back is a new item ([DM15]): undoing the tick of the removed one changes nothing
    expect(await undo()).toBe('Ticked ‘Passport’');
    expect(await texts()).toEqual(['xPassport', ' Charger', ' Tickets']);
    expect(await undo()).toBe('Added ‘Tickets’');
    expect(await texts()).toEqual(['xPassport', ' Charger']);
  });

  it('[ED7] a reorder writes one order key and its undo puts the row back', async () => {
    const a = await repository.create({ title: 'A', order: 'a0' });
    const b = await repository.create({ title: 'B', order: 'a1' });
    const c = await repository.create({ title: 'C', order: 'a2' });
    await edits.reorder(c, [a, b, c], 0, 'Moved ‘C’ to position 1 of 3.');
    const order = async () =>
      (await Promise.all([a, b, c].map((task) => read(task.id)))).sort((x, y) => (x.order! < y.order! ? -1 : 1)).map((t) => t.title);
    expect(await order()).toEqual(['C', 'A', 'B']);
    expect((await read(a.id)).order).toBe('a0');
    expect((await read(b.id)).order).toBe('a1');
    expect(said).toEqual(['Moved ‘C’ to position 1 of 3.']);
    await undo();
    expect(await order()).toEqual(['A', 'B', 'C']);
  });
});
