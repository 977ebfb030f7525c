import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  addRxPlugin,
  type MigrationStrategies,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
  type WithDeleted,
} from 'rxdb/plugins/core';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type AnyTaskVersion } from '@tasklane/shared/domain/task-upgrade';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb, type TaskDatabase } from '../../src/db/create-task-db';
import { getRxStorageIdbLog } from '../../src/db/idb-log-storage';
import { toTask } from '../../src/db/to-task';
import { assumedMasterStatesOf } from '../../src/sync/rxdb-internals';
import { startOfflineReplication, trackPending } from './offline-replication';
import { pullTasks, replicateAsOlderBuild } from './older-build-sync';
import { openOlderBuildDb } from './version-1-app';

/** The task collection's schema of the release before `field` (collection `version`): today's without `field`. */
export function taskSchemaWithout<Doc>(field: keyof Task, version: number): RxJsonSchema<Doc> {
  const schema = buildTaskRxJsonSchema() as unknown as { properties: Record<string, unknown>; required: string[] };
  const { [field]: _field, ...properties } = schema.properties;
  return { ...schema, version, properties, required: schema.required.filter((key) => key !== field) } as never;
}

/**
 * A device of the release before `field` (task schema `version`) that had synced every task of the user: its database,
 * left open for the test to edit offline and close, the storage to reopen it with this build, under `deviceId`, and the
 * tasks as it saw them (without `field`).
 */
export async function olderSchemaDevice<Doc extends AnyTaskVersion>(
  serverUrl: string,
  user: { id: string; accessToken: string },
  { field, version, migrationStrategies }: { field: keyof Task; version: number; migrationStrategies: MigrationStrategies },
) {
  const pulled = await pullTasks(serverUrl, user.accessToken);
  const asSeen = pulled.tasks.map((task) => {
    const { [field]: _field, ...rest } = task;
    return { ...rest, _deleted: false } as unknown as WithDeleted<Doc>;
  });
  const storage = getRxStorageIdbLog({ indexedDB: new IDBFactory(), IDBKeyRange });
  const deviceId = `${user.id}-v${version + 1}`;
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const old = await openOlderBuildDb<Doc, unknown, unknown>(deviceId, storage, {
    schema: taskSchemaWithout<Doc>(field, version),
    migrationStrategies,
  });
  await replicateAsOlderBuild(old.tasks, serverUrl, asSeen, pulled.checkpoint);
  return { storage, deviceId, old, asSeen };
}

/** The older build renames task `id` offline and closes; this build then opens (and so migrates) the device's database. */
export async function renameOfflineThenOpen<Doc extends AnyTaskVersion>(
  {
    storage,
    deviceId,
    old,
  }: { storage: ReturnType<typeof getRxStorageIdbLog>; deviceId: string; old: RxDatabase<{ tasks: RxCollection<Doc> }> },
  id: string,
  title: string,
): Promise<TaskDatabase> {
  const doc = await old.tasks.findOne(id).exec();
  await doc!.incrementalModify((data) => ({ ...data, title, updatedAt: new Date().toISOString() }));
  await old.close();
  return createTaskDb({ userId: deviceId, storage, multiInstance: false });
}

/**
 * Replicates the migrated `db` (offline, then stops): its master states are the tasks as the older build saw them,
 * upgraded, and only `edited` (edited offline) waits to be pushed. Returns the master states.
 */
export async function expectOnlyEditedWaits(
  db: TaskDatabase,
  serverUrl: string,
  { edited, editedAsSeen, untouched }: { edited: { id: string }; editedAsSeen: AnyTaskVersion; untouched: Task },
) {
  const offline = await startOfflineReplication(db, serverUrl);
  const masters = await assumedMasterStatesOf(offline)!([edited.id, untouched.id]);
  expect(toTask(masters.get(untouched.id)!)).toEqual({ ...untouched, _deleted: false });
  expect(toTask(masters.get(edited.id)!)).toEqual(toTask(upgradeTask(editedAsSeen)));
  const pending = trackPending(db, offline);
  await waitFor(() => pending.pending$.value.size === 1, 5000, 'one task waiting');
  expect([...pending.pending$.value]).toEqual([edited.id]);
  pending.close();
  await offline.cancel();
  return masters;
}
