import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { liveListsOf, liveTasksOf } from './account-export';
import { createAccountImport } from './account-import';
import type { ChangeNotifier } from './change-notifier';
import { createSyncService, type SyncService } from './sync-service';

const USER = 'user-1';
const exportOf = (tasks: Task[], lists: TaskList[] = []): ExportDocument => ({
  format: 'tasklane-export',
  version: 2,
  exportedAt: '2026-03-02T10:00:00.000Z',
  lists: lists.map((list) => ({ ...list, _deleted: false as const })),
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

  async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
    const documents: T[] = [];
    for await (const document of source) documents.push(document);
    return documents;
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
    for await (const task of liveTasksOf(sync, USER, 1)) {
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
    expect((await collect(liveTasksOf(sync, USER))).map((task) => task.title)).toEqual(tasks.map((task) => task.title));
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
      pullLists: () => Promise.reject(new Error('not used')),
      pushLists: () => Promise.reject(new Error('not used')),
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

  it('[EX1] pages come through the pull of the sync service: at most 1 MiB of JSON each, and no more documents asked for than a cut-short page held', async () => {
    const big = Array.from({ length: 300 }, (_, index) => makeTask({ title: `big ${index}`, description: 'ü'.repeat(4000) }));
    for (let start = 0; start < big.length; start += 100) await insert(...big.slice(start, start + 100));
    const pulls: Array<{ limit: number; documents: number; bytes: number }> = [];
    const watched: Pick<SyncService, 'pull'> = {
      async pull(userId, request) {
        const response = await sync.pull(userId, request);
        pulls.push({
          limit: request.limit,
          documents: response.documents.length,
          bytes: Buffer.byteLength(JSON.stringify(response.documents)),
        });
        return response;
      },
    };
    expect((await collect(liveTasksOf(watched, USER))).map((task) => task.title)).toEqual(big.map((task) => task.title));
    expect(pulls.length).toBeGreaterThan(3);
    expect(pulls.every((pull) => pull.bytes <= PROTOCOL_LIMITS.pullPageMaxBytes)).toBe(true);
    expect(pulls[0]!.limit).toBe(PROTOCOL_LIMITS.pullMaxLimit);
    for (let index = 1; index < pulls.length; index += 1) {
      const previous = pulls[index - 1]!;
      if (previous.documents < previous.limit) expect(pulls[index]!.limit).toBe(previous.documents);
    }
  });

  it('[EX1] a store replaced under a running export ends it with CHECKPOINT_UNKNOWN instead of reading another history', async () => {
    await insert(makeTask({ title: 'a' }), makeTask({ title: 'b' }));
    const otherTemp = makeTempDir('account-transfer-restored');
    const restored = createEmbeddedStore({ dataDir: otherTemp.dir });
    try {
      const restoredSync = createSyncService({ store: restored, notifier: { publish: () => undefined } });
      let pulls = 0;
      const switching: Pick<SyncService, 'pull'> = {
        pull: (userId, request) => ((pulls += 1) === 1 ? sync : restoredSync).pull(userId, request),
      };
      const given: string[] = [];
      const reading = (async () => {
        for await (const task of liveTasksOf(switching, USER, 1)) given.push(task.title);
      })();
      await expect(reading).rejects.toMatchObject({ code: 'CHECKPOINT_UNKNOWN' });
      expect(given).toEqual(['a']);
    } finally {
      await restored.close();
      otherTemp.remove();
    }
  });

  it('[LR13] lists are exported like tasks, live ones once each, and imported first: inserted, else merged without a base, idempotently', async () => {
    const at = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
    const kept = makeList({ name: 'Server name', colour: 'red', updatedAt: at(30) });
    const older = makeList({ name: 'Old name', updatedAt: at(0) });
    const gone = makeList({ name: 'Gone' });
    const written = (await sync.pushLists(USER, { rows: [kept, older, gone].map((list) => ({ newDocumentState: list })) })).written;
    const goneStored = written.find((list) => list.id === gone.id)!;
    await sync.pushLists(USER, { rows: [{ newDocumentState: { ...goneStored, _deleted: true }, assumedMasterState: goneStored }] });
    expect((await collect(liveListsOf(sync, USER))).map((list) => list.name)).toEqual(['Server name', 'Old name']);

    const fresh = makeList({ name: 'New' });
    const task = makeTask({ listId: fresh.id });
    const file = exportOf(
      [task],
      [
        fresh,
        { ...kept, name: 'Stale import', updatedAt: at(10) },
        { ...older, name: 'Newer import', updatedAt: at(20) },
        { ...gone, name: 'Revived?' },
      ],
    );
    const importer = createAccountImport({ sync });
    expect(await importer.importDocument(USER, file)).toEqual({ created: 2, updated: 1, unchanged: 2 });
    expect(await store.getList(USER, kept.id)).toMatchObject({ name: 'Server name', colour: 'red' });
    expect(await store.getList(USER, older.id)).toMatchObject({ name: 'Newer import', updatedAt: at(20) });
    expect(await store.getList(USER, gone.id)).toMatchObject({ _deleted: true, name: 'Gone' });
    // The list was written before the task that is in it.
    expect((await store.getList(USER, fresh.id))!.seq).toBeLessThan((await store.getTask(USER, task.id))!.seq);
    const highest = await store.highestSeq(USER);
    expect(await importer.importDocument(USER, file)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await store.highestSeq(USER)).toBe(highest);
  });

  describe('[EX11] imported time', () => {
    const NOW = Date.parse('2026-03-02T12:00:00.000Z');
    const importer = () => createAccountImport({ sync, now: () => NOW });
    const at = (ms: number) => new Date(ms).toISOString();

    it('[EX11] a file exported more than 5 minutes in the future is refused whole with INVALID_MESSAGE and writes nothing', async () => {
      const file = { ...exportOf([makeTask({ updatedAt: at(NOW), createdAt: at(NOW) })]), exportedAt: at(NOW + 5 * 60_000 + 1) };
      await expect(importer().importDocument(USER, file)).rejects.toMatchObject({ code: 'INVALID_MESSAGE', message: /^exportedAt: / });
      expect(await store.highestSeq(USER)).toBe(0);
      // Within the skew it is taken, its timestamps held to the server's clock.
      const skewed = { ...file, exportedAt: at(NOW + 60_000), tasks: file.tasks.map((task) => ({ ...task, updatedAt: at(NOW + 60_000) })) };
      expect(await importer().importDocument(USER, skewed)).toEqual({ created: 1, updated: 0, unchanged: 0 });
      expect(await store.getTask(USER, file.tasks[0]!.id)).toMatchObject({ updatedAt: at(NOW) });
    });

    it('[EX11] no imported createdAt, updatedAt or completedAt lies after exportedAt, so a far-future edit cannot win later merges', async () => {
      const exportedAt = at(NOW - 3_600_000);
      const future = '2999-01-01T00:00:00.000Z';
      const task = makeTask({
        title: 'from the future',
        status: 'done',
        createdAt: future,
        updatedAt: future,
        completedAt: future,
        due: { date: '2999-01-01' },
      });
      const file = { ...exportOf([task]), exportedAt };
      expect(await importer().importDocument(USER, file)).toEqual({ created: 1, updated: 0, unchanged: 0 });
      const stored = (await store.getTask(USER, task.id))!;
      expect(stored).toMatchObject({ createdAt: exportedAt, updatedAt: exportedAt, completedAt: exportedAt, due: { date: '2999-01-01' } });
      // The same file again changes nothing; an edit a device makes now wins over it.
      expect(await importer().importDocument(USER, file)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      const edited = { ...stored, title: 'edited on a phone', updatedAt: at(NOW) };
      await sync.push(USER, { rows: [{ newDocumentState: edited, assumedMasterState: stored }] });
      expect(await importer().importDocument(USER, file)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(await store.getTask(USER, task.id)).toMatchObject({ title: 'edited on a phone' });
    });

    it('[EX11] an import never brings back a deleted task, however much newer its copy is', async () => {
      const [stored] = await insert(makeTask({ title: 'deleted early', updatedAt: at(NOW - 7_200_000) }));
      await sync.push(USER, { rows: [{ newDocumentState: { ...stored!, _deleted: true }, assumedMasterState: stored! }] });
      const highest = await store.highestSeq(USER);
      const events = published.length;
      const newer = { ...stored!, title: 'revived?', updatedAt: at(NOW - 60_000) };
      const file = { ...exportOf([newer]), exportedAt: at(NOW) };
      expect(await importer().importDocument(USER, file)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(await store.getTask(USER, stored!.id)).toMatchObject({ _deleted: true, title: 'deleted early' });
      expect(await store.highestSeq(USER)).toBe(highest);
      expect(published).toHaveLength(events);
    });
  });
});
