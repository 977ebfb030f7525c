import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { parseExportDocument } from '@tasklane/shared/export/export-document';
import { createTaskDb, type TaskDatabase } from '../../db/create-task-db';
import { createListRepository } from '../../db/list-repository';
import { storedDocuments } from '../../db/stored-tasks';
import { createTaskRepository } from '../../db/task-repository';
import { toTask } from '../../db/to-task';
import { toTaskList } from '../../db/to-task-list';
import { csvExport, jsonExport } from './local-export';
import { importExportText } from './local-import';

const open = () =>
  createTaskDb({ userId: `import-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });

async function contents(db: TaskDatabase) {
  const strip = <T extends { seq?: number }>(document: T) => {
    const { seq: _seq, ...rest } = document;
    return rest;
  };
  const tasks = (await storedDocuments(db.tasks)).map((task) => strip(toTask(task))).sort((a, b) => (a.id < b.id ? -1 : 1));
  const lists = (await storedDocuments(db.lists)).map((list) => strip(toTaskList(list))).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { tasks, lists };
}

describe('export and import on the device', () => {
  const dbs: TaskDatabase[] = [];
  const fresh = async () => {
    const db = await open();
    dbs.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.remove()));
  });

  async function filledDatabase() {
    const db = await fresh();
    const tasks = createTaskRepository(db.tasks);
    const lists = createListRepository({ lists: db.lists, tasks: db.tasks, taskRepository: tasks });
    const work = await lists.create({ name: 'Work', colour: 'blue' });
    await tasks.create({ title: 'Plain' });
    await tasks.create({
      title: 'Stand-up',
      listId: work.id,
      due: { at: '2026-05-04T07:00:00.000Z', timeZone: 'Europe/Berlin' },
      recurrence: { frequency: 'weekdays', end: { kind: 'never' } },
      checklist: ['Notes', 'Coffee'],
      tags: ['team'],
    });
    const done = await tasks.create({ title: 'Done one', order: 'a0' });
    await tasks.toggleComplete(done.id);
    const gone = await tasks.create({ title: 'Deleted one' });
    await tasks.remove(gone.id);
    return db;
  }

  it('[ED10] exports the local database as the shared export document and as CSV, tombstones left out', async () => {
    const db = await filledDatabase();
    const file = await jsonExport(db, new Date('2026-05-04T10:00:00.000Z'));
    expect(file.name).toMatch(/^tasklane-export-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = parseExportDocument(JSON.parse(file.parts.join('')));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.version).toBe(2);
    expect(parsed.value.lists.map((list) => list.name).sort()).toEqual(['Inbox', 'Work']);
    expect(parsed.value.tasks.map((task) => task.title).sort()).toEqual(['Done one', 'Plain', 'Stand-up']);
    expect(file.counts).toEqual({ lists: 2, tasks: 3 });

    const csv = (await csvExport(db)).parts.join('');
    expect(csv.startsWith('\uFEFF"id","title"')).toBe(true);
    expect(csv).toContain('"[ ] Notes; [ ] Coffee"');
    expect(csv).not.toContain('Deleted one');
  });

  it('[ED11] importing an export into a fresh database recreates it; importing it again changes nothing', async () => {
    const source = await filledDatabase();
    const text = (await jsonExport(source)).parts.join('');
    const target = await fresh();
    const first = await importExportText(text, target);
    // the fresh database has its own Inbox, the same document: merged, unchanged or updated by the file's
    expect(first).toMatchObject({ ok: true, tasks: { created: 3, updated: 0, unchanged: 0 }, refused: [] });
    expect(first.ok && first.lists.created).toBe(1);
    const { tasks, lists } = await contents(source);
    const imported = await contents(target);
    expect(imported.tasks).toEqual(tasks);
    expect(imported.lists.filter((list) => list.id !== 'inbox')).toEqual(lists.filter((list) => list.id !== 'inbox'));

    const again = await importExportText(text, target);
    expect(again).toEqual({
      ok: true,
      lists: { created: 0, updated: 0, unchanged: 2 },
      tasks: { created: 0, updated: 0, unchanged: 3 },
      refused: [],
    });
    expect(await contents(target)).toEqual(imported);
  });

  it('[ED11] an id the device holds is merged as replication merges, a deleted one stays deleted, a newer local edit survives', async () => {
    const db = await fresh();
    const repository = createTaskRepository(db.tasks);
    const kept = await repository.create({ title: 'Local title', checklist: ['Local item'] });
    const deleted = await repository.create({ title: 'Deleted here' });
    await repository.remove(deleted.id);
    const old = '2020-01-01T00:00:00.000Z';
    const file = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: '2026-01-01T00:00:00.000Z',
      lists: [],
      tasks: [
        // older than the local edit: the title stays; its checklist item is joined in ([DM14])
        {
          ...toTask(kept),
          title: 'Old title',
          priority: 'high',
          updatedAt: old,
          checklist: [{ id: 'fileitem', text: 'From the file', done: false, order: 'Zz', textAt: old, doneAt: old, orderAt: old }],
        },
        { ...toTask(deleted), _deleted: false, title: 'Back?' },
      ],
    };
    const report = await importExportText(JSON.stringify(file), db);
    expect(report).toMatchObject({ ok: true, tasks: { created: 0, updated: 1, unchanged: 1 } });
    const merged = toTask((await db.tasks.findOne(kept.id).exec())!.toJSON() as Task);
    expect(merged.title).toBe('Local title');
    expect(merged.checklist.map((item) => ('text' in item ? item.text : null)).sort()).toEqual(['From the file', 'Local item']);
    expect(await db.tasks.findOne(deleted.id).exec()).toBeNull();
  });

  it('[ED11] refused rows are reported with their reasons and the valid rows still import; a file of another kind imports nothing', async () => {
    const db = await fresh();
    const good = { ...toTask(await createTaskRepository((await fresh()).tasks).create({ title: 'Good' })) };
    const list: TaskList = {
      id: 'shop',
      name: 'Shopping',
      colour: 'green',
      order: 'a1',
      archived: false,
      inbox: false,
      createdAt: good.createdAt,
      updatedAt: good.updatedAt,
      _deleted: false,
    };
    const file = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: new Date().toISOString(),
      lists: [list, { ...list, id: 'bad list', colour: 'mauve' }],
      tasks: [good, { ...good, id: 'second', title: '' }, { ...good }],
    };
    const report = await importExportText(JSON.stringify(file), db);
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.lists.created).toBe(1);
    expect(report.tasks.created).toBe(1);
    expect(report.refused.map((row) => row.path)).toEqual(['lists.1', 'tasks.1', 'tasks.2']);
    expect(report.refused[1]!.reasons.join()).toMatch(/^title: /);
    expect(report.refused[2]!.reasons).toEqual([`id "${good.id}" appears more than once`]);

    const other = await importExportText('{"format":"something-else","version":2}', db);
    expect(other).toMatchObject({ ok: false, reasons: [expect.stringMatching(/not a Tasklane export/)] });
    expect(await importExportText('not json', db)).toMatchObject({ ok: false });
    expect(await importExportText(JSON.stringify({ ...file, version: 3 }), db)).toMatchObject({
      ok: false,
      reasons: [expect.stringMatching(/newer Tasklane/)],
    });
  });

  it('[UC10] imported texts lose the characters the server refuses as typing does (a line break in one line becomes a space), so no imported row is refused', async () => {
    const source = await fresh();
    const tasks = createTaskRepository(source.tasks);
    const lists = createListRepository({ lists: source.lists, tasks: source.tasks, taskRepository: tasks });
    const list = await lists.create({ name: 'Work', colour: 'blue' });
    const task = await tasks.create({ title: 'Plain', listId: list.id, checklist: ['Item'], tags: ['tag'] });
    const file = JSON.parse((await jsonExport(source)).parts.join('')) as { lists: TaskList[]; tasks: Task[] };
    const hostile = (text: string) => `${text}\u202e\u0007\u2028x`;
    file.lists = file.lists.map((entry) => (entry.id === list.id ? { ...entry, name: hostile('Work') } : entry));
    file.tasks = file.tasks.map((entry) =>
      entry.id === task.id
        ? {
            ...entry,
            title: hostile('Plain'),
            description: 'line one\nline two\u202e',
            tags: [hostile('tag')],
            checklist: entry.checklist.map((item) => ('text' in item ? { ...item, text: hostile('Item') } : item)),
          }
        : entry,
    );

    const target = await fresh();
    const report = await importExportText(JSON.stringify(file), target);
    expect(report).toMatchObject({ ok: true, refused: [] });
    const imported = await contents(target);
    const importedTask = imported.tasks.find((entry) => entry.id === task.id)!;
    expect(imported.lists.find((entry) => entry.id === list.id)!.name).toBe('Work x');
    expect(importedTask.title).toBe('Plain x');
    expect(importedTask.description).toBe('line one\nline two');
    expect(importedTask.tags).toEqual(['tag x']);
    expect(importedTask.checklist.map((item) => ('text' in item ? item.text : null))).toEqual(['Item x']);
  });

  it('[ED11] a version-1 file (before lists) imports through the upgrade', async () => {
    const db = await fresh();
    const v1 = {
      format: 'tasklane-export',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      tasks: [
        {
          id: 'old-task',
          title: 'From version 1',
          description: '',
          status: 'todo',
          priority: 'medium',
          dueAt: '2025-12-24T11:00:00.000Z',
          tags: [],
          createdAt: '2025-12-01T00:00:00.000Z',
          updatedAt: '2025-12-01T00:00:00.000Z',
          completedAt: null,
          _deleted: false,
        },
      ],
    };
    expect(await importExportText(JSON.stringify(v1), db)).toMatchObject({ ok: true, tasks: { created: 1 } });
    expect(toTask((await db.tasks.findOne('old-task').exec())!.toJSON() as Task)).toMatchObject({
      listId: 'inbox',
      due: { date: '2025-12-24' },
    });
  });
});
