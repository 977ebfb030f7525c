import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { addRxPlugin, type RxJsonSchema } from 'rxdb/plugins/core';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV2 } from '@tasklane/shared/domain/task-upgrade';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb } from '../src/db/create-task-db';
import { getRxStorageIdbLog } from '../src/db/idb-log-storage';
import { migrateTaskToVersion1 } from '../src/db/task-migration';
import { toTask } from '../src/db/to-task';
import { assumedMasterStatesOf } from '../src/sync/rxdb-internals';
import { startOfflineReplication, trackPending } from './support/offline-replication';
import { pullTasks, replicateAsOlderBuild } from './support/older-build-sync';
import { onlineEngine } from './support/online-engine';
import { testServerSuite } from './support/test-server-suite';
import { openOlderBuildDb } from './support/version-1-app';

/** The task collection's schema of the release before reminders (version 1): today's without `reminders`. */
function version1Schema(): RxJsonSchema<TaskV2> {
  const schema = buildTaskRxJsonSchema() as unknown as { properties: Record<string, unknown>; required: string[] };
  const { reminders: _reminders, ...properties } = schema.properties;
  return { ...schema, version: 1, properties, required: schema.required.filter((key) => key !== 'reminders') } as never;
}

function withoutReminders(task: Task): TaskV2 {
  const { reminders: _reminders, ...rest } = task;
  return rest;
}

describe('a device of the release before reminders (task schema 1) opens this build (Node, fake-indexeddb)', () => {
  const suite = testServerSuite();

  it('[RM6] documents and master states migrate to reminders: [], only edited tasks wait, and an offline edit merges with reminders set meanwhile', async () => {
    const user = await registerUser(suite.server.url);
    const call = (method: string, path: string, body?: object) =>
      api(suite.server.url, method, path, { token: user.accessToken, ...(body ? { body } : {}) });
    const a = (await call('POST', '/api/tasks', { title: 'Dentist', due: { at: '2030-05-01T07:00:00.000Z', timeZone: 'UTC' } }))
      .body as Task;
    const g = (await call('POST', '/api/tasks', { title: 'Untouched' })).body as Task;

    // The older build had synced both: its documents and master states are version-2 tasks without reminders.
    const pulled = await pullTasks(suite.server.url, user.accessToken);
    const asSeen = pulled.tasks.map((task) => ({ ...withoutReminders(task), _deleted: false }));
    const storage = getRxStorageIdbLog({ indexedDB: new IDBFactory(), IDBKeyRange });
    const deviceId = `${user.id}-v2`;
    addRxPlugin(RxDBMigrationSchemaPlugin);
    const old = await openOlderBuildDb(deviceId, storage, {
      schema: version1Schema(),
      migrationStrategies: { 1: migrateTaskToVersion1 },
    });
    await replicateAsOlderBuild(old.tasks, suite.server.url, asSeen, pulled.checkpoint);

    // Another device (this release) sets a reminder; the old device, offline, renames the task.
    expect((await call('PATCH', `/api/tasks/${a.id}`, { reminders: [{ id: 'r1', before: 'PT1H' }] })).status).toBe(200);
    const doc = await old.tasks.findOne(a.id).exec();
    await doc!.incrementalModify((data) => ({ ...data, title: 'Dentist at 9', updatedAt: new Date().toISOString() }));
    await old.close();

    const db = await createTaskDb({ userId: deviceId, storage, multiInstance: false });
    suite.closeAfter(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true)).map((stored) => toTask(stored));
    expect(local.map((task) => [task.title, task.reminders])).toEqual([
      ['Dentist at 9', []],
      ['Untouched', []],
    ]);

    const offline = await startOfflineReplication(db, suite.server.url);
    const masters = await assumedMasterStatesOf(offline)!([a.id, g.id]);
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
      async () => ((await call('GET', `/api/tasks/${a.id}`)).body as Task).title === 'Dentist at 9',
      8000,
      'the rename on the server',
    );
    expect((await call('GET', `/api/tasks/${a.id}`)).body).toMatchObject({
      title: 'Dentist at 9',
      reminders: [{ id: 'r1', before: 'PT1H' }],
    });
  }, 60_000);
});
