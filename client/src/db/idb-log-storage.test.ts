import { TASK_RX_SCHEMA_VERSION } from '@tasklane/shared/domain/task-json-schema';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { firstValueFrom, filter } from 'rxjs';
import { fillWithDefaultSettings, randomToken, type RxDocumentData, type RxStorageInstance } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask } from '@tasklane/shared/domain/task-upgrade';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { asVersion1, openVersion1Db } from '../../test/support/version-1-app';
import { createTaskDb, databaseNameFor } from './create-task-db';
import { readBlocks } from './idb-log';
import { getRxStorageIdbLog, idbLogDatabaseName } from './idb-log-storage';
import { storageProblemOf } from './storage-problem';
import { toTask } from './to-task';
import { taskRxSchema } from './task-rx-schema';

const schema = fillWithDefaultSettings(taskRxSchema);

/** A fresh browser profile: every test gets its own IndexedDB. */
function newBrowser() {
  const indexedDB = new IDBFactory();
  return { indexedDB, storage: getRxStorageIdbLog({ indexedDB, IDBKeyRange }) };
}

type Instance = RxStorageInstance<Task, unknown, unknown>;

/** What one tab's RxDB asks the storage for: the `tasks` collection of one database. */
function openTasks(storage: ReturnType<typeof getRxStorageIdbLog>, databaseName = 'tasklane-u-test'): Promise<Instance> {
  return storage.createStorageInstance<Task>({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName: 'tasks',
    schema,
    options: {},
    multiInstance: true,
    devMode: false,
  }) as Promise<Instance>;
}

let revision = 0;
function stored(task: Task, previous?: RxDocumentData<Task>): RxDocumentData<Task> {
  revision += 1;
  const height = previous ? Number(previous._rev.split('-')[0]) + 1 : 1;
  return { ...task, _rev: `${height}-r${revision}`, _meta: { lwt: Date.now() + revision / 1000 }, _attachments: {} };
}

describe('the idb-log storage (IndexedDB, one record per write)', () => {
  it('[BW1] keeps every committed write: a new page finds the documents, queries and tombstones', async () => {
    const { storage } = newBrowser();
    const first = await openTasks(storage);
    const a = stored(makeTask({ title: 'a', createdAt: '2026-01-01T00:00:00.000Z' }));
    const b = stored(makeTask({ title: 'b', createdAt: '2026-01-02T00:00:00.000Z' }));
    expect((await first.bulkWrite([{ document: a }, { document: b }], 'test')).error).toEqual([]);
    const bDeleted = stored({ ...b, _deleted: true }, b);
    expect((await first.bulkWrite([{ previous: b, document: bDeleted }], 'test')).error).toEqual([]);
    await first.close();

    const reopened = await openTasks(storage);
    expect(await reopened.findDocumentsById([a.id, b.id], true)).toEqual([a, bDeleted]);
    expect(await reopened.findDocumentsById([a.id, b.id], false)).toEqual([a]);
    // A write based on a stale revision is a conflict, as in every RxDB storage.
    const stale = await reopened.bulkWrite([{ previous: b, document: stored({ ...b, title: 'stale' }, b) }], 'test');
    expect(stale.error.map((error) => [error.status, error.documentId])).toEqual([[409, b.id]]);
    await reopened.close();
  });

  it('[BW1] a write IndexedDB refuses (storage full) fails as such, and neither this page nor the next one sees it', async () => {
    const { storage } = newBrowser();
    const tab = await openTasks(storage);
    const kept = stored(makeTask({ title: 'kept' }));
    await tab.bulkWrite([{ document: kept }], 'test');
    const refused = stored(makeTask({ title: 'refused' }));
    const add = jest.spyOn(IDBObjectStore.prototype, 'add').mockImplementationOnce(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failure = await tab.bulkWrite([{ document: refused }], 'test').then(
      () => null,
      (error: unknown) => error,
    );
    add.mockRestore();
    expect(storageProblemOf(failure)).toBe('full');
    expect(await tab.findDocumentsById([kept.id, refused.id], true)).toEqual([kept]);
    const later = stored(makeTask({ title: 'later' }));
    expect((await tab.bulkWrite([{ document: later }], 'test')).error).toEqual([]);
    await tab.close();
    const reopened = await openTasks(storage);
    expect((await reopened.findDocumentsById([kept.id, refused.id, later.id], true)).map((doc) => doc.title)).toEqual(['kept', 'later']);
    await reopened.close();
  });

  it('[BW2] two tabs share it: a write in one is a change event in the other, and a write from a stale state conflicts', async () => {
    const { storage } = newBrowser();
    const tabA = await openTasks(storage);
    const tabB = await openTasks(storage);
    const v1 = stored(makeTask({ title: 'v1' }));
    const seenInB = firstValueFrom(tabB.changeStream().pipe(filter((bulk) => bulk.events.some((event) => event.documentId === v1.id))));
    await tabA.bulkWrite([{ document: v1 }], 'tab-a-write');
    const bulk = await seenInB;
    expect(bulk.context).toBe('tab-a-write');
    expect(bulk.events.map((event) => [event.operation, event.documentData.title])).toEqual([['INSERT', 'v1']]);
    expect(await tabB.findDocumentsById([v1.id], false)).toEqual([v1]);

    // Both tabs edit v1; the second write reaches the log after the first, whatever tab B has seen so far.
    const fromA = stored({ ...v1, title: 'from A' }, v1);
    const fromB = stored({ ...v1, title: 'from B' }, v1);
    expect((await tabA.bulkWrite([{ previous: v1, document: fromA }], 'test')).error).toEqual([]);
    const lost = await tabB.bulkWrite([{ previous: v1, document: fromB }], 'test');
    expect(lost.error).toHaveLength(1);
    expect(lost.error[0]).toMatchObject({ status: 409, documentId: v1.id, documentInDb: { title: 'from A' } });
    expect(await tabB.findDocumentsById([v1.id], false)).toEqual([fromA]);
    await Promise.all([tabA.close(), tabB.close()]);

    const later = await openTasks(storage);
    expect((await later.findDocumentsById([v1.id], false)).map((doc) => doc.title)).toEqual(['from A']);
    await later.close();
  });

  it('[BW3] compaction replaces old versions by a snapshot and keeps the latest state', async () => {
    const { indexedDB, storage } = newBrowser();
    const tab = await openTasks(storage);
    let docs = Array.from({ length: 1000 }, (_, i) => stored(makeTask({ title: `task ${i} v0` })));
    await tab.bulkWrite(
      docs.map((document) => ({ document })),
      'test',
    );
    // 12 more versions of every task: the log then holds 13,000 versions of 1,000 tasks, more than 2 × 1,000 + 10,000.
    for (let version = 1; version <= 12; version += 1) {
      const next = docs.map((doc) => stored({ ...doc, title: doc.title.replace(/v\d+$/, `v${version}`) }, doc));
      expect(
        (
          await tab.bulkWrite(
            next.map((document, i) => ({ previous: docs[i], document })),
            'test',
          )
        ).error,
      ).toEqual([]);
      docs = next;
    }
    await tab.close(); // waits for the compaction queued by the last write

    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(idbLogDatabaseName('tasklane-u-test'));
      request.onsuccess = () => resolve(request.result);
    });
    const blocks = await readBlocks({ indexedDB, IDBKeyRange }, db, `tasks--${TASK_RX_SCHEMA_VERSION}`, 0);
    db.close();
    expect(blocks.map((block) => (JSON.parse(block.json) as { docs: unknown[] }).docs.length)).toEqual([1000]);

    const reopened = await openTasks(storage);
    const titles = (
      await reopened.findDocumentsById(
        docs.map((doc) => doc.id),
        false,
      )
    ).map((doc) => doc.title);
    expect(titles).toEqual(docs.map((doc) => doc.title));
    expect(titles.every((title) => title.endsWith('v12'))).toBe(true);
    await reopened.close();
  });

  it('[BW3] many small writes (checkpoints, journal entries) are compacted too', async () => {
    const { indexedDB, storage } = newBrowser();
    const tab = await openTasks(storage);
    let doc = stored(makeTask({ title: 'edit 0' }));
    await tab.bulkWrite([{ document: doc }], 'test');
    for (let edit = 1; edit <= 1000; edit += 1) {
      const next = stored({ ...doc, title: `edit ${edit}` }, doc);
      await tab.bulkWrite([{ previous: doc, document: next }], 'test');
      doc = next;
    }
    await tab.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(idbLogDatabaseName('tasklane-u-test'));
      request.onsuccess = () => resolve(request.result);
    });
    const blocks = await readBlocks({ indexedDB, IDBKeyRange }, db, `tasks--${TASK_RX_SCHEMA_VERSION}`, 0);
    db.close();
    expect(blocks).toHaveLength(1);
    const reopened = await openTasks(storage);
    expect(await reopened.findDocumentsById([doc.id], false)).toEqual([doc]);
    await reopened.close();
  });

  it('[BW4] [CM1] a device upgraded from the Dexie storage keeps its tasks and replication state, upgraded to data model v2, and the old database goes', async () => {
    const indexedDB = new IDBFactory();
    const userId = `u-${randomToken(6)}`;
    // The app of that time: Dexie, the task schema of version 0, version-1 tasks.
    const old = await openVersion1Db(userId, getRxStorageDexie({ indexedDB, IDBKeyRange }));
    const kept = asVersion1(makeTask({ title: 'kept', due: { date: '2026-03-10' } }));
    await old.tasks.bulkInsert([kept, asVersion1(makeTask({ title: 'kept too' }))]);
    const gone = await old.tasks.insert(asVersion1(makeTask({ title: 'deleted before the upgrade' })));
    await gone.remove();
    await old.close();
    const oldNames = (await indexedDB.databases()).map((db) => db.name);
    expect(oldNames).toContain(`rxdb-dexie-${databaseNameFor(userId)}--0--tasks`);

    const upgraded = await createTaskDb({ userId, storage: getRxStorageIdbLog({ indexedDB, IDBKeyRange }), multiInstance: false });
    const tasks = (await upgraded.tasks.find().exec()).map((doc) => toTask(doc.toJSON() as Task));
    expect(tasks.map((task) => task.title).sort()).toEqual(['kept', 'kept too']);
    expect(tasks.find((task) => task.id === kept.id)).toEqual({ ...upgradeTask(kept), _deleted: false });
    expect(await upgraded.tasks.storageInstance.findDocumentsById([gone.id], true)).toEqual([
      expect.objectContaining({ id: gone.id, listId: 'inbox', _deleted: true }),
    ]);
    const names = (await indexedDB.databases()).map((db) => db.name);
    expect(names.filter((name) => name?.startsWith('rxdb-dexie-'))).toEqual([]);
    await upgraded.tasks.insert(makeTask({ title: 'after the upgrade' }));
    await upgraded.close();

    const again = await createTaskDb({ userId, storage: getRxStorageIdbLog({ indexedDB, IDBKeyRange }), multiInstance: false });
    expect((await again.tasks.find().exec()).map((doc) => doc.title).sort()).toEqual(['after the upgrade', 'kept', 'kept too']);
    await again.remove();
    const emptied = await createTaskDb({ userId, storage: getRxStorageIdbLog({ indexedDB, IDBKeyRange }), multiInstance: false });
    expect(await emptied.tasks.find().exec()).toEqual([]);
    await emptied.remove();
  });
});
