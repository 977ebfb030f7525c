import type { Task } from '@tasklane/shared/domain/task';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { createAccountImport } from './account-import';
import { createSyncService, type SyncService } from './sync-service';

const USER = 'user-1';
const RLO = '\u202e';
const at = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

/** docs/data-model-v2.md [UC8]: a row refused while an import writes (a race its checks could not see) stops the import. */
describe('import meets a refused row', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let sync: SyncService;
  beforeEach(() => {
    temp = makeTempDir('import-refusals');
    store = createEmbeddedStore({ dataDir: temp.dir });
    sync = createSyncService({ store, notifier: { publish: () => undefined } });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  /** The sync service, with `before` run once just before the import's first push of tasks: a write of another device. */
  const racing = (before: () => Promise<unknown>): SyncService => {
    let raced = false;
    return {
      ...sync,
      async push(userId, request) {
        if (!raced) {
          raced = true;
          await before();
        }
        return sync.push(userId, request);
      },
    };
  };

  it('[UC8] text the account held when the import was checked, removed by another device before the import writes, is refused: the import fails with UNSAFE_TEXT and says what it wrote', async () => {
    // Text stored before the rule ([UC4]): written to the store directly.
    const [legacy] = (await store.applyPush(USER, [{ newDocumentState: makeTask({ title: `old ${RLO}`, updatedAt: at(0) }) }])).written;
    const fresh = makeTask({ title: 'fresh', updatedAt: at(1) });
    const file: ExportDocument = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: at(30),
      lists: [],
      tasks: [fresh, { ...legacy!, description: 'imported', updatedAt: at(20) }].map((task: Task) => ({
        ...task,
        _deleted: false as const,
      })),
    };
    const cleaned = { ...legacy!, title: 'old', updatedAt: at(10) };
    const importer = createAccountImport({
      sync: racing(() => sync.push(USER, { rows: [{ newDocumentState: cleaned, assumedMasterState: legacy! }] })),
    });
    await expect(importer.importDocument(USER, file)).rejects.toMatchObject({
      code: 'UNSAFE_TEXT',
      message: `task "${legacy!.id}": the title holds a control or bidi character (U+202E); remove it and save again; the import stopped there, after writing 1 document (1 created, 0 updated); sending the file again writes nothing twice`,
    });
    expect(await store.getTask(USER, legacy!.id)).toMatchObject({ title: 'old', description: '' });
    expect(await store.getTask(USER, fresh.id)).toMatchObject({ title: 'fresh' });
  });

  it('[UC8] [RJ2] the cap reached by another device between the check and the write: the import fails with LIST_LIMIT, nothing imported', async () => {
    await sync.pushLists(USER, { rows: [{ newDocumentState: makeList({ name: 'room' }) }] });
    const max = 500;
    const filler = Array.from({ length: max - 2 }, (_, index) => ({ newDocumentState: makeList({ name: `L${index}` }) }));
    expect((await sync.pushLists(USER, { rows: filler })).refused).toEqual([]);
    const imported = makeList({ name: 'imported' });
    const file: ExportDocument = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: at(30),
      lists: [{ ...imported, _deleted: false }],
      tasks: [],
    };
    const last = makeList({ name: 'taken by a phone' });
    const importer = createAccountImport({
      sync: {
        ...sync,
        async pushLists(userId, request) {
          if (request.rows.some((row) => row.newDocumentState.id === imported.id))
            await sync.pushLists(USER, { rows: [{ newDocumentState: last }] });
          return sync.pushLists(userId, request);
        },
      },
    });
    await expect(importer.importDocument(USER, file)).rejects.toMatchObject({
      code: 'LIST_LIMIT',
      message: expect.stringMatching(new RegExp(`^list "${imported.id}": this account has 500 lists.*; nothing was imported$`)),
    });
    expect(await store.getList(USER, imported.id)).toBeNull();
  });
});
