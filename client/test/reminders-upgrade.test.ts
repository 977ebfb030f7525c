import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { BehaviorSubject, Subject } from 'rxjs';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV2 } from '@tasklane/shared/domain/task-upgrade';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb, databaseNameFor } from '../src/db/create-task-db';
import { getRxStorageIdbLog } from '../src/db/idb-log-storage';
import { sha256Hex } from '../src/db/sha256-hex';
import { migrateTaskToVersion1 } from '../src/db/task-migration';
import { toTask } from '../src/db/to-task';
import { createAuthApi } from '../src/session/auth-api';
import { NetworkError } from '../src/session/session-errors';
import { createMemorySessionStore } from '../src/session/session-store';
import { createMemoryPendingStore, createPendingTracker } from '../src/sync/pending-tracker';
import { assumedMasterStatesOf } from '../src/sync/rxdb-internals';
import type { ConnectionState, SocketTransport } from '../src/sync/socket-transport';
import { replicationIdentifier, startCollectionReplication } from '../src/sync/start-collection-replication';
import { createStreamPosition } from '../src/sync/stream-position';
import { createSyncEngine } from '../src/sync/sync-engine';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';

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

function offlineTransport(): SocketTransport {
  return {
    state$: new BehaviorSubject<ConnectionState>('offline'),
    changes$: new Subject(),
    connected$: new Subject(),
    pull: () => Promise.reject(new NetworkError('offline')),
    push: () => Promise.reject(new NetworkError('offline')),
    reconnect: () => undefined,
    close: () => undefined,
  };
}

describe('a device of the release before reminders (task schema 1) opens this build (Node, fake-indexeddb)', () => {
  let server: TestServer;
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await server.close();
  });

  it('[RM6] documents and master states migrate to reminders: [], only edited tasks wait, and an offline edit merges with reminders set meanwhile', async () => {
    const user = await registerUser(server.url);
    const call = (method: string, path: string, body?: object) =>
      api(server.url, method, path, { token: user.accessToken, ...(body ? { body } : {}) });
    const a = (await call('POST', '/api/tasks', { title: 'Dentist', due: { at: '2030-05-01T07:00:00.000Z', timeZone: 'UTC' } }))
      .body as Task;
    const g = (await call('POST', '/api/tasks', { title: 'Untouched' })).body as Task;

    // The older build had synced both: its documents and master states are version-2 tasks without reminders.
    const socket = await connectSocket(server.url, user.accessToken);
    const pulled = await socket.pull({ collection: 'tasks', checkpoint: null, limit: 100 });
    socket.close();
    if (!pulled.ok) throw new Error(pulled.error.message);
    const asSeen = (pulled.data.documents as Task[]).map((task) => ({ ...withoutReminders(task), _deleted: false }));
    const checkpoint: Checkpoint = pulled.data.checkpoint!;
    const storage = getRxStorageIdbLog({ indexedDB: new IDBFactory(), IDBKeyRange });
    const deviceId = `${user.id}-v2`;
    addRxPlugin(RxDBLocalDocumentsPlugin);
    addRxPlugin(RxDBMigrationSchemaPlugin);
    const old = await createRxDatabase<{ tasks: RxCollection<TaskV2> }>({
      name: databaseNameFor(deviceId),
      storage,
      multiInstance: false,
      eventReduce: true,
      closeDuplicates: true,
      localDocuments: true,
      hashFunction: sha256Hex,
    });
    await old.addCollections({ tasks: { schema: version1Schema(), migrationStrategies: { 1: migrateTaskToVersion1 } } });
    const oldReplication = replicateRxCollection<TaskV2, Checkpoint>({
      collection: old.tasks,
      replicationIdentifier: replicationIdentifier('tasks', server.url),
      live: false,
      waitForLeadership: false,
      pull: { handler: (since) => Promise.resolve(since ? { documents: [], checkpoint: since } : { documents: asSeen, checkpoint }) },
      push: { handler: () => Promise.resolve([]) },
    });
    await oldReplication.awaitInitialReplication();
    await oldReplication.cancel();

    // Another device (this release) sets a reminder; the old device, offline, renames the task.
    expect((await call('PATCH', `/api/tasks/${a.id}`, { reminders: [{ id: 'r1', before: 'PT1H' }] })).status).toBe(200);
    const doc = await old.tasks.findOne(a.id).exec();
    await doc!.incrementalModify((data) => ({ ...data, title: 'Dentist at 9', updatedAt: new Date().toISOString() }));
    await old.close();

    const db = await createTaskDb({ userId: deviceId, storage, multiInstance: false });
    closers.push(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true)).map((stored) => toTask(stored));
    expect(local.map((task) => [task.title, task.reminders])).toEqual([
      ['Dentist at 9', []],
      ['Untouched', []],
    ]);

    const offline = startCollectionReplication<Task>({
      name: 'tasks',
      collection: db.tasks,
      toDocument: toTask,
      transport: offlineTransport(),
      position: createStreamPosition(),
      serverId: server.url,
      waitForLeadership: false,
    });
    await offline.startPromise;
    const masters = await assumedMasterStatesOf(offline)!([a.id, g.id]);
    expect(toTask(masters.get(g.id)!)).toEqual({ ...g, _deleted: false });
    expect(toTask(masters.get(a.id)!)).toEqual(toTask(upgradeTask(asSeen[0]!)));
    const pending = createPendingTracker<Task>({
      collection: db.tasks,
      replication: offline,
      store: createMemoryPendingStore(),
      sameContent: (mine, master) => sameTaskContent(toTask(mine), toTask(master)),
    });
    await waitFor(() => pending.pending$.value.size === 1, 5000, 'one task waiting');
    expect([...pending.pending$.value]).toEqual([a.id]);
    pending.close();
    await offline.cancel();

    const online = createSyncEngine({
      collection: db.tasks,
      baseUrl: server.url,
      auth: createAuthApi(server.url),
      sessions: createMemorySessionStore({
        user: { id: user.id, email: user.email },
        accessToken: user.accessToken,
        refreshToken: user.refreshToken,
      }),
      pendingStore: createMemoryPendingStore(),
      waitForLeadership: false,
      retryTimeMs: 300,
      reconnectionDelayMs: 200,
    });
    closers.push(() => online.close());
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
