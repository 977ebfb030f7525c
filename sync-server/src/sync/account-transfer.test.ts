import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { liveTasksOf } from './account-export';
import { createAccountImport } from './account-import';
import type { ChangeNotifier } from './change-notifier';
import { createSyncService, type SyncService } from './sync-service';

const USER = 'user-1';
const exportOf = (tasks: Task[]): ExportDocument => ({
  format: 'tasklane-export',
  version: 1,
  exportedAt: '2026-03-02T10:00:00.000Z',
  tasks: tasks.map((task) => ({ ...task, _deleted: false as const })),
});

describe('account export and import over a real embedded store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let sync: SyncService;
  const published: unknown[] = [];

  beforeEach(() => {
    temp = makeTempDir('account-transfer');
    store = createEmbeddedStore({ dataDir: temp.dir });
    const notifier: ChangeNotifier = { publish: (_userId, event) => published.push(event) };
    sync = createSyncService({ store, notifier });
    published.length = 0;
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  async function insert(...tasks: Task[]): Promise<StoredTask[]> {
    return (await sync.push(USER, { rows: tasks.map((task) => ({ newDocumentState: task })) })).written;
  }

  async function collect(source: AsyncIterable<StoredTask | Task>): Promise<(StoredTask | Task)[]> {
    const tasks = [];
    for await (const task of source) tasks.push(task);
    return tasks;
  }

  it('[EX1] gives every live task once across pages, a task written during the export included once, tombstones never', async () => {
    const [a, , c, d] = await insert(
      makeTask({ title: 'a' }),
      makeTask({ title: 'b' }),
      makeTask({ title: 'c' }),
      makeTask({ title: 'd' }),
    );
    await sync.push(USER, { rows: [{ newDocumentState: { ...d!, _deleted: true }, assumedMasterState: d! }] });
    const given: StoredTask[] = [];
    for await (const task of liveTasksOf(store, USER, 1)) {
      given.push(task);
      if (task.id === a!.id) {
        // Already given, then changed: met again later, and not given twice. Not given yet, then changed: given once, as changed.
        await sync.push(USER, { rows: [{ newDocumentState: { ...a!, title: 'a2' }, assumedMasterState: a! }] });
        await sync.push(USER, { rows: [{ newDocumentState: { ...c!, title: 'c2' }, assumedMasterState: c! }] });
      }
    }
    expect(given.map((task) => task.title)).toEqual(['a', 'b', 'c2']);
    expect(given.every((task) => task.seq > 0 && task._deleted === false)).toBe(true);
  });

  it('[EX5] imports into an empty account, then changes nothing the second time', async () => {
    const tasks = Array.from({ length: 1203 }, (_, index) => makeTask({ title: `t${index}` }));
    const importer = createAccountImport({ sync });
    expect(await importer.importDocument(USER, exportOf(tasks))).toEqual({ created: 1203, updated: 0, unchanged: 0 });
    const highest = await store.highestSeq(USER);
    const events = published.length;
    expect(await importer.importDocument(USER, exportOf(tasks))).toEqual({ created: 0, updated: 0, unchanged: 1203 });
    expect(await store.highestSeq(USER)).toBe(highest);
    expect(published).toHaveLength(events);
    expect((await collect(liveTasksOf(store, USER))).map((task) => task.title)).toEqual(tasks.map((task) => task.title));
  });

  it('[EX5] an existing task is merged without a base: the later updatedAt wins each field, the server a tie, and a newer tombstone stays', async () => {
    const at = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
    const older = makeTask({ title: 'old title', priority: 'low', updatedAt: at(0) });
    const newer = makeTask({ title: 'server title', updatedAt: at(30) });
    const tie = makeTask({ title: 'server tie', updatedAt: at(10) });
    const deleted = makeTask({ title: 'deleted later', updatedAt: at(0) });
    const [, , , stored] = await insert(older, newer, tie, deleted);
    await sync.push(USER, { rows: [{ newDocumentState: { ...stored!, _deleted: true, updatedAt: at(50) }, assumedMasterState: stored! }] });

    const file = exportOf([
      { ...older, title: 'imported title', updatedAt: at(20) },
      { ...newer, title: 'stale import', updatedAt: at(5) },
      { ...tie, title: 'import tie' },
      { ...deleted, title: 'revived?', updatedAt: at(40) },
    ]);
    expect(await createAccountImport({ sync }).importDocument(USER, file)).toEqual({ created: 0, updated: 1, unchanged: 3 });
    expect(await store.getTask(USER, older.id)).toMatchObject({ title: 'imported title', priority: 'low', updatedAt: at(20) });
    expect(await store.getTask(USER, newer.id)).toMatchObject({ title: 'server title' });
    expect(await store.getTask(USER, tie.id)).toMatchObject({ title: 'server tie' });
    expect(await store.getTask(USER, deleted.id)).toMatchObject({ _deleted: true, title: 'deleted later' });
  });

  it('[EX5] an import spelled differently (offsets, decomposed tags, a done task without completedAt) is stored canonically and is unchanged the second time', async () => {
    const task = makeTask({ updatedAt: '2026-03-01T10:30:00.5+02:00', status: 'done', completedAt: null, tags: ['cafe\u0301'] });
    const importer = createAccountImport({ sync });
    expect(await importer.importDocument(USER, exportOf([task]))).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await store.getTask(USER, task.id)).toMatchObject({
      updatedAt: '2026-03-01T08:30:00.500Z',
      completedAt: '2026-03-01T08:30:00.500Z',
      tags: ['caf\u00e9'],
    });
    expect(await importer.importDocument(USER, exportOf([task]))).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('[EX5] a task that keeps changing under every merge ends the import with CONFLICT', async () => {
    const task = makeTask();
    let seq = 10;
    const racing: SyncService = {
      pull: () => Promise.reject(new Error('not used')),
      push: (_userId, request) => {
        seq += 1;
        const master = { ...makeTask({ id: task.id, title: `moved on ${seq}`, updatedAt: '2000-01-01T00:00:00.000Z' }), seq };
        return Promise.resolve({ written: [], conflicts: request.rows.map(() => master) });
      },
    };
    const failure = createAccountImport({ sync: racing }).importDocument(USER, exportOf([task]));
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
