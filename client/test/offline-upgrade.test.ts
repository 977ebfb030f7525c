import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import type { TestServer } from '@tasklane/testkit/start-test-server';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { createTaskDb } from '../src/db/create-task-db';
import { getRxStorageIdbLog } from '../src/db/idb-log-storage';
import { toTask } from '../src/db/to-task';
import { assumedMasterStatesOf, pushConflictsSoFar } from '../src/sync/rxdb-internals';
import type { SyncEngine } from '../src/sync/sync-engine';
import { startOfflineReplication, trackPending } from './support/offline-replication';
import { pullTasks, replicateAsOlderBuild } from './support/older-build-sync';
import { onlineEngine } from './support/online-engine';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';
import { asVersion1, openVersion1Db, type Version1Database } from './support/version-1-app';

async function serverTask(server: TestServer, user: RegisteredUser, id: string): Promise<Task | null> {
  const response = await api(server.url, 'GET', `/api/tasks/${id}`, { token: user.accessToken });
  return response.status === 200 ? (response.body as Task) : null;
}

/** A version-1 device's offline edit, as that build's repository wrote it: the fields and a new `updatedAt`. */
async function editOffline(db: Version1Database, id: string, patch: Partial<TaskV1>): Promise<void> {
  const doc = await db.tasks.findOne(id).exec();
  await doc!.incrementalModify((data) => ({ ...data, ...patch, updatedAt: new Date().toISOString() }));
}

function pendingOf(engine: SyncEngine): ReadonlySet<string> {
  let pending: ReadonlySet<string> = new Set();
  engine.status$.subscribe((status) => (pending = status.pendingIds)).unsubscribe();
  return pending;
}

describe('a version-1 device with offline edits opens the data-model-v2 build (Node, the PWA storage on fake-indexeddb)', () => {
  const suite = testServerSuite();

  it('[CM1] [CM2] [DM19] every pending edit (several fields, a deletion) reaches the server intact, merged field by field with what the server changed meanwhile', async () => {
    const user = await registerUser(suite.server.url);
    const create = async (body: object) =>
      (await api(suite.server.url, 'POST', '/api/tasks', { token: user.accessToken, body })).body as Task;
    const a = await create({ title: 'Book flights', description: 'to Lisbon' });
    const b = await create({ title: 'Call the plumber', priority: 'low' });
    const c = await create({ title: 'Pay rent', due: { date: '2026-03-01' }, tags: ['home'] });
    const d = await create({ title: 'Renew passport' });
    const e = await create({ title: 'Water plants', tags: ['home'] });
    const f = await create({ title: 'Old idea' });
    const g = await create({ title: 'Untouched' });

    // The version-1 build had synced all of them: its tasks, its checkpoint and its master states hold them.
    const pulled = await pullTasks(suite.server.url, user.accessToken);
    const asSeen = pulled.tasks.map((task) => ({ ...asVersion1(task), _deleted: false }));
    const indexedDB = new IDBFactory();
    const storage = getRxStorageIdbLog({ indexedDB, IDBKeyRange });
    const deviceId = `${user.id}-upgraded`;
    const old = await openVersion1Db(deviceId, storage);
    await replicateAsOlderBuild(old.tasks, suite.server.url, asSeen, pulled.checkpoint);
    expect(await old.tasks.count().exec()).toBe(7);

    // Meanwhile another device changes other fields of some of them on the server …
    const patch = (id: string, body: object) => api(suite.server.url, 'PATCH', `/api/tasks/${id}`, { token: user.accessToken, body });
    expect((await patch(a.id, { description: 'to Lisbon, in May' })).status).toBe(200);
    expect((await patch(b.id, { title: 'Call the plumber about the leak' })).status).toBe(200);
    expect((await patch(c.id, { tags: ['home', 'monthly'] })).status).toBe(200);

    // … and, later and offline, the version-1 device edits several fields and deletes one.
    await editOffline(old, a.id, { title: 'Book flights and hotel' });
    await editOffline(old, b.id, { priority: 'high' });
    await editOffline(old, c.id, { dueAt: '2026-04-01T12:00:00.000Z' });
    const doneAt = new Date().toISOString();
    await editOffline(old, d.id, { status: 'done', completedAt: doneAt });
    await editOffline(old, e.id, { tags: ['home', 'weekly'] });
    await (await old.tasks.findOne(f.id).exec())!.remove();
    const pendingV1 = (await old.tasks.storageInstance.findDocumentsById([a.id, b.id, c.id, d.id, e.id, f.id, g.id], true)).map((doc) =>
      toTask(upgradeTask(doc as unknown as TaskV1)),
    );
    await old.close();

    // The new build opens the database: documents and master states are migrated before anything replicates.
    const db = await createTaskDb({ userId: deviceId, storage, multiInstance: false });
    suite.closeAfter(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, b.id, c.id, d.id, e.id, f.id, g.id], true)).map((doc) =>
      toTask(doc),
    );
    expect(local).toEqual(pendingV1);
    expect(local.find((task) => task.id === c.id)?.due).toEqual({ date: '2026-04-01' });

    // Still offline: the replication of this server finds every master state migrated.
    const offline = await startOfflineReplication(db, suite.server.url);
    const masters = await assumedMasterStatesOf(offline)!([a.id, g.id]);
    expect(toTask(masters.get(a.id)!)).toEqual(toTask(upgradeTask(asSeen.find((task) => task.id === a.id)!)));
    expect(toTask(masters.get(g.id)!)).toEqual({ ...g, _deleted: false });
    // Exactly the edited tasks wait: an untouched task equals its migrated master state.
    const pending = trackPending(db, offline);
    await waitFor(() => pending.pending$.value.size === 6, 5000, 'six tasks waiting');
    expect([...pending.pending$.value].sort()).toEqual([a.id, b.id, c.id, d.id, e.id, f.id].sort());
    pending.close();
    await offline.cancel();

    const online = onlineEngine(db, suite.server.url, user);
    suite.closeAfter(() => online.close());
    await online.awaitInSync();
    await waitFor(() => pendingOf(online).size === 0, 8000, 'nothing waiting');
    expect(pushConflictsSoFar(online.replication)).toBeGreaterThan(0);

    expect(await serverTask(suite.server, user, a.id)).toMatchObject({ title: 'Book flights and hotel', description: 'to Lisbon, in May' });
    expect(await serverTask(suite.server, user, b.id)).toMatchObject({ title: 'Call the plumber about the leak', priority: 'high' });
    expect(await serverTask(suite.server, user, c.id)).toMatchObject({ due: { date: '2026-04-01' }, tags: ['home', 'monthly'] });
    expect(await serverTask(suite.server, user, d.id)).toMatchObject({ status: 'done', completedAt: doneAt });
    expect(await serverTask(suite.server, user, e.id)).toMatchObject({ tags: ['home', 'weekly'] });
    expect(await serverTask(suite.server, user, f.id)).toBeNull();
    expect(await serverTask(suite.server, user, g.id)).toEqual(g);

    // A second device sees every edit.
    const second = await createTestDevice(suite.server.url, user);
    suite.closeAfter(() => second.close());
    await (await second.goOnline()).awaitInSync();
    const seen = new Map((await second.localTasks()).map((task) => [task.id, task]));
    expect([...seen.keys()].sort()).toEqual([a.id, b.id, c.id, d.id, e.id, g.id].sort());
    expect(seen.get(a.id)).toMatchObject({ title: 'Book flights and hotel', description: 'to Lisbon, in May' });
    expect(seen.get(c.id)).toMatchObject({ due: { date: '2026-04-01' }, tags: ['home', 'monthly'] });
  }, 60_000);
});
