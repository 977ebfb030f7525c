import { randomUUID } from 'node:crypto';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import type { RegisteredUser } from './api-client';
import { createTaskDb, type TaskDatabase } from '@tasklane/client/src/db/create-task-db';
import { createTaskRepository, type TaskRepository } from '@tasklane/client/src/db/task-repository';
import { toTask } from '@tasklane/client/src/db/to-task';
import { createMemoryPendingStore } from '@tasklane/client/src/sync/pending-tracker';
import { createAuthApi } from '@tasklane/client/src/session/auth-api';
import { createMemorySessionStore, type SessionStore } from '@tasklane/client/src/session/session-store';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '@tasklane/client/src/sync/sync-engine';

export type TestDevice = {
  db: TaskDatabase;
  tasks: TaskRepository;
  sessions: SessionStore;
  /** The running sync engine: against the server when online, against an unreachable address when offline. */
  engine: SyncEngine | null;
  goOnline(extra?: Partial<SyncEngineOptions>): Promise<SyncEngine>;
  /** Like a device without network: the engine keeps running but cannot reach any server. */
  goOffline(): Promise<SyncEngine>;
  localTasks(): Promise<Task[]>;
  close(): Promise<void>;
};

/** Nothing listens here: connections are refused, as with no network. */
const UNREACHABLE_URL = 'http://127.0.0.1:9';

/**
 * A client device in Node: RxDB on storage-memory (a fresh database each), the
 * same sync engine as the browser, a session kept in memory. A device starts
 * with no engine at all (writes only land locally) until it goes on- or offline.
 */
export async function createTestDevice(baseUrl: string, user: RegisteredUser, options: { clock?: () => Date } = {}): Promise<TestDevice> {
  const db = await createTaskDb({ userId: `${user.id}-${randomUUID().slice(0, 8)}`, storage: getRxStorageMemory(), multiInstance: false });
  const sessions = createMemorySessionStore({
    user: { id: user.id, email: user.email },
    accessToken: user.accessToken,
    refreshToken: user.refreshToken,
  });
  const pendingStore = createMemoryPendingStore();
  let online = false;
  const start = (url: string, extra: Partial<SyncEngineOptions>) =>
    createSyncEngine({
      collection: db.tasks,
      baseUrl: url,
      auth: createAuthApi(url),
      sessions,
      pendingStore,
      waitForLeadership: false,
      retryTimeMs: 300,
      reconnectionDelayMs: 200,
      ...extra,
    });
  const device: TestDevice = {
    db,
    tasks: createTaskRepository(db.tasks, options.clock),
    sessions,
    engine: null,
    async goOnline(extra = {}) {
      if (device.engine && online) return device.engine;
      await device.engine?.close();
      online = true;
      device.engine = start(baseUrl, extra);
      return device.engine;
    },
    async goOffline() {
      await device.engine?.close();
      online = false;
      device.engine = start(UNREACHABLE_URL, {});
      return device.engine;
    },
    async localTasks() {
      const docs = await db.tasks.find().exec();
      return docs.map((doc) => toTask(doc.toJSON() as Task)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async close() {
      await device.engine?.close();
      device.engine = null;
      await db.close();
    },
  };
  return device;
}
