import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { addRxPlugin, type RxJsonSchema } from 'rxdb/plugins/core';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV3 } from '@tasklane/shared/domain/task-upgrade';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb } from '../src/db/create-task-db';
import { getRxStorageIdbLog } from '../src/db/idb-log-storage';
import { TASK_MIGRATION_STRATEGIES } from '../src/db/task-migration';
import { toTask } from '../src/db/to-task';
import { assumedMasterStatesOf } from '../src/sync/rxdb-internals';
import { startOfflineReplication, trackPending } from './support/offline-replication';
import { pullTasks, replicateAsOlderBuild } from './support/older-build-sync';
import { onlineEngine } from './support/online-engine';
import { testServerSuite } from './support/test-server-suite';
import { openOlderBuildDb } from './support/version-1-app';

/** The task collection's schema of the release before assignment (version 2): today's without `assignee`. */
function version2Schema(): RxJsonSchema<TaskV3> {
  const schema = buildTaskRxJsonSchema() as unknown as { properties: Record<string, unknown>; required: string[] };
  const { assignee: _assignee, ...properties } = schema.properties;
  return { ...schema, version: 2, properties, required: schema.required.filter((key) => key !== 'assignee') } as never;
}

function withoutAssignee(task: Task): TaskV3 {
  const { assignee: _assignee, ...rest } = task;
  return rest;
}

describe('a device of the release before assignment (task schema 2) opens this build (Node, fake-indexeddb)', () => {
  const suite = testServerSuite();

  it('[SC7] documents and master states migrate to assignee: null, only edited tasks wait, and an offline edit merges with an assignment made meanwhile', async () => {
    const user = await registerUser(suite.server.url);
    const call = (method: string, path: string, body?: object) =>
      api(suite.server.url, method, path, { token: user.accessToken, ...(body ? { body } : {}) });
    const a = (await call('POST', '/api/tasks', { title: 'Water plants' })).body as Task;
    const g = (await call('POST', '/api/tasks', { title: 'Untouched' })).body as Task;

    // The older build had synced both: its documents and master states are version-3 tasks without an assignee.
    const pulled = await pullTasks(suite.server.url, user.accessToken);
    const asSeen = pulled.tasks.map((task) => ({ ...withoutAssignee(task), _deleted: false }));
    expect(asSeen.every((task) => !('assignee' in task))).toBe(true);
    const storage = getRxStorageIdbLog({ indexedDB: new IDBFactory(), IDBKeyRange });
    const deviceId = `${user.id}-v3`;
    addRxPlugin(RxDBMigrationSchemaPlugin);
    const old = await openOlderBuildDb(deviceId, storage, {
      schema: version2Schema(),
      migrationStrategies: { 1: TASK_MIGRATION_STRATEGIES[1], 2: TASK_MIGRATION_STRATEGIES[2] },
    });
    await replicateAsOlderBuild(old.tasks, suite.server.url, asSeen, pulled.checkpoint);

    // Another device (this release) assigns the task to its owner ([AS3]: in their own list, themselves only); the
    // old device, offline, renames it.
    expect((await call('PATCH', `/api/tasks/${a.id}`, { assignee: user.id })).status).toBe(200);
    const doc = await old.tasks.findOne(a.id).exec();
    await doc!.incrementalModify((data) => ({ ...data, title: 'Water plants twice', updatedAt: new Date().toISOString() }));
    await old.close();

    const db = await createTaskDb({ userId: deviceId, storage, multiInstance: false });
    suite.closeAfter(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true)).map((stored) => toTask(stored));
    expect(local.map((task) => [task.title, task.assignee])).toEqual([
      ['Water plants twice', null],
      ['Untouched', null],
    ]);
    // stored as migrated, not only read so by toTask
    const stored = await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true);
    expect(stored.map((document) => (document as Task).assignee)).toEqual([null, null]);

    const offline = await startOfflineReplication(db, suite.server.url);
    const masters = await assumedMasterStatesOf(offline)!([a.id, g.id]);
    expect((masters.get(g.id) as Task).assignee).toBeNull();
    expect(toTask(masters.get(g.id)!)).toEqual({ ...g, _deleted: false });
    expect(toTask(masters.get(a.id)!)).toEqual(toTask(upgradeTask(asSeen[0]!)));
    const pending = trackPending(db, offline);
    await waitFor(() => pending.pending$.value.size === 1, 5000, 'one task waiting');
    expect([...pending.pending$.value]).toEqual([a.id]);
    pending.close();
    await offline.cancel();

    const online = onlineEngine(db, suite.server.url, user);
    suite.closeAfter(() => online.close());
    await online.awaitInSync();
    await waitFor(
      async () => ((await call('GET', `/api/tasks/${a.id}`)).body as Task).title === 'Water plants twice',
      8000,
      'the rename on the server',
    );
    // the assignment made meanwhile survives the merge ([M1]: the old device did not change the field)
    expect((await call('GET', `/api/tasks/${a.id}`)).body).toMatchObject({ title: 'Water plants twice', assignee: user.id });
    await waitFor(
      async () => toTask((await db.tasks.findOne(a.id).exec())!.toMutableJSON()).assignee === user.id,
      8000,
      'the assignment on the device',
    );
  }, 60_000);
});
