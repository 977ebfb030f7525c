import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { createTaskDb, type TaskDatabase } from '@tasklane/client/src/db/create-task-db';
import { createListRepository, type ListRepository } from '@tasklane/client/src/db/list-repository';
import { createTaskRepository, type TaskRepository } from '@tasklane/client/src/db/task-repository';
import { toTask } from '@tasklane/client/src/db/to-task';
import { toTaskList } from '@tasklane/client/src/db/to-task-list';
import { createAuthApi, sessionFrom } from '@tasklane/client/src/session/auth-api';
import { createMemoryPendingStore } from '@tasklane/client/src/sync/pending-tracker';
import { NetworkError } from '@tasklane/client/src/session/session-errors';
import { createMemorySessionStore, type SessionStore } from '@tasklane/client/src/session/session-store';
import { createSyncEngine, type SyncEngine } from '@tasklane/client/src/sync/sync-engine';
import type { AckLedger } from './ack-ledger';
import { diagnoseDevice, type DeviceDiagnosis } from './convergence-diagnosis';
import type { UndoExpectation } from './lost-undos';
import type { CompletionRecord } from './recurring-completions';
import { createReplicationTrace, traceEngine } from './replication-trace';

export type ChaosUser = { id: string; email: string; password: string; accessToken: string; refreshToken: string };

export type ChaosDevice = {
  name: string;
  user: ChaosUser;
  sessions: SessionStore;
  /** The app's repository (the UI's write path); null while the device is crashed. */
  readonly tasks: TaskRepository | null;
  /** The app's list repository ([CL1]); null while the device is crashed. */
  readonly lists: ListRepository | null;
  readonly engine: SyncEngine | null;
  readonly running: boolean;
  counters: { conflictsMerged: number; signInsAgain: number; crashes: number; tokensRenewed: number };
  /** Opens the database (restored from storage after a crash) and starts the sync engine. */
  start(): Promise<void>;
  /** Stops replication gracefully (a user going offline in the app); the database stays open. */
  stopSync(): Promise<void>;
  /** Process death: the socket is dropped at once, nothing is flushed; only what storage holds survives. */
  crash(): Promise<void>;
  /** Called with every push the device emits (after it is on its way). */
  onPush: ((device: ChaosDevice) => void) | null;
  /**
   * [LE1] Edits a task (new title, a tag added), lets the server write the push but drops its
   * acknowledgement, then undoes the edit at once. Null when it could not be staged (no task, offline).
   */
  loseAckThenUndo(targetDraw: number, step: number): Promise<UndoExpectation | null>;
  /** Notes a completion of a recurring task's occurrence made on this device ([MV5]). */
  recordCompletion(completion: Omit<CompletionRecord, 'userId' | 'device'>): void;
  liveTasks(): Promise<Task[]>;
  /** Every stored document, tombstones included. */
  allDocuments(): Promise<Task[]>;
  /** The lists the app shows (not deleted; archived ones included), by id. */
  liveLists(): Promise<TaskList[]>;
  /** Every stored list, tombstones included. */
  allLists(): Promise<TaskList[]>;
  /** [CD1] The engine's state and the replication's view and recent history of these tasks. */
  diagnose(ids: readonly string[]): Promise<DeviceDiagnosis>;
  close(): Promise<void>;
};

const memoryStorage = getRxStorageMemory();
/** Added by the edit whose acknowledgement is dropped, removed again by the undo. */
const UNDO_TAG = 'lost-ack';

function untilOnline(engine: SyncEngine, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const subscription = engine.transport.state$.subscribe({ next: (state) => state === 'online' && done(), complete: done });
    function done() {
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      resolve();
    }
  });
}

/**
 * A simulated device running the PWA's real sync stack: RxDB (storage-memory,
 * which outlives the database object, as IndexedDB outlives a tab), the task
 * repository the UI writes through, and `createSyncEngine` over socket.io —
 * reaching the servers only through `serverUrl` (its DeviceLink).
 */
export function createChaosDevice(options: {
  name: string;
  user: ChaosUser;
  serverUrl: string;
  ledger: AckLedger;
  newId: () => string;
  /** Ids of new lists; default: `newId`. */
  newListId?: () => string;
  /** Called with every sync engine the device starts, before it connects (the shared-lists test watches what it receives). */
  onEngine?: (engine: SyncEngine) => void;
}): ChaosDevice {
  const { name, user, serverUrl, ledger } = options;
  const auth = createAuthApi(serverUrl);
  const sessions = createMemorySessionStore({
    user: { id: user.id, email: user.email },
    accessToken: user.accessToken,
    refreshToken: user.refreshToken,
  });
  const writeSession = sessions.write.bind(sessions);
  sessions.write = (session) => {
    device.counters.tokensRenewed += 1;
    writeSession(session);
  };
  const pendingStore = createMemoryPendingStore(); // like localStorage: survives a crash
  let db: TaskDatabase | null = null;
  let engine: SyncEngine | null = null;
  let tasks: TaskRepository | null = null;
  let lists: ListRepository | null = null;
  let closed = false;
  let signingIn = false;
  let starting: Promise<void> | null = null;
  /** The next answered push carrying this task has its acknowledgement dropped. */
  let ackDrop: { taskId: string; dropped: (lost: { written: boolean; emittedAt: number }) => void } | null = null;
  /** [CD1] Outlives engines and crashes, as the harness's own notebook. */
  const trace = createReplicationTrace();
  let stopTracing: (() => void) | null = null;

  async function open(): Promise<void> {
    if (closed) return;
    if (!db) {
      db = await createTaskDb({ userId: `${user.id}-${name}`, storage: memoryStorage, multiInstance: false });
      tasks = createTaskRepository(db.tasks, undefined, options.newId);
      lists = createListRepository(
        { lists: db.lists, tasks: db.tasks, taskRepository: tasks },
        undefined,
        options.newListId ?? options.newId,
      );
    }
    if (engine) return;
    engine = createSyncEngine({
      collection: db.tasks,
      baseUrl: serverUrl,
      auth,
      sessions,
      pendingStore,
      waitForLeadership: false,
      retryTimeMs: 300,
      reconnectionDelayMs: 200,
      safetyResyncMs: 5000,
      onSessionExpired: () => void signInAgain(),
    });
    recordPushes(engine);
    stopTracing = traceEngine(engine, trace);
    options.onEngine?.(engine);
  }

  /** The refresh token is gone (revoked family): the user signs in again, as they would in the app. */
  async function signInAgain(): Promise<void> {
    if (signingIn) return;
    signingIn = true;
    device.counters.signInsAgain += 1;
    try {
      for (let wait = 200; !closed; wait = Math.min(wait * 2, 3000)) {
        try {
          const result = await auth.login(user.email, user.password);
          sessions.write(sessionFrom(result));
          engine?.reconnect();
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } finally {
      signingIn = false;
    }
  }

  /**
   * Records every push in the ledger. Waits (as the transport itself does)
   * until the socket is online first, so `onPush` fires when the push is
   * really on its way, not while the device is still connecting.
   */
  function recordPushes(started: SyncEngine) {
    const push = started.transport.push.bind(started.transport);
    started.transport.push = async (payload) => {
      await untilOnline(started, 20_000);
      const rows = payload.rows as { newDocumentState: Task | TaskList }[];
      // [CL1] List pushes are recorded too, each row with its collection.
      const attempts =
        payload.collection === 'lists'
          ? ledger.emittedLists(
              user.id,
              name,
              rows.map((row) => row.newDocumentState as TaskList),
            )
          : ledger.emitted(
              user.id,
              name,
              rows.map((row) => row.newDocumentState as Task),
            );
      const answer = push(payload);
      device.onPush?.(device);
      let response: Awaited<typeof answer>;
      try {
        response = await answer;
      } catch (error) {
        ledger.failed(attempts);
        throw error;
      }
      const drop = ackDrop;
      if (drop && payload.collection !== 'lists' && rows.some((row) => row.newDocumentState.id === drop.taskId)) {
        // The server answered; the device never learns it ([LE1]).
        ackDrop = null;
        ledger.failed(attempts);
        drop.dropped({ written: !response.conflicts.some((conflict) => conflict.id === drop.taskId), emittedAt: attempts[0]!.emittedAt });
        throw new NetworkError('acknowledgement dropped by the chaos harness');
      }
      ledger.answered(
        attempts,
        new Set(response.conflicts.map((conflict) => conflict.id)),
        new Set((response.refused ?? []).map((row) => row.id)),
      );
      return response;
    };
    started.conflicts$.subscribe(() => (device.counters.conflictsMerged += 1));
  }

  function endTracing(why: string) {
    stopTracing?.();
    stopTracing = null;
    trace.device(why);
  }

  const device: ChaosDevice = {
    name,
    user,
    sessions,
    get tasks() {
      return tasks;
    },
    get lists() {
      return lists;
    },
    get engine() {
      return engine;
    },
    get running() {
      return engine !== null;
    },
    counters: { conflictsMerged: 0, signInsAgain: 0, crashes: 0, tokensRenewed: 0 },
    onPush: null,
    async loseAckThenUndo(targetDraw, step) {
      const live = await device.liveTasks();
      const target = live[Math.floor(targetDraw * live.length)];
      if (!target || !tasks || !engine || target.tags.includes(UNDO_TAG) || target.tags.length >= 20) return null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const lost = new Promise<{ written: boolean; emittedAt: number } | null>((resolve) => {
        ackDrop = { taskId: target.id, dropped: resolve };
        timer = setTimeout(() => resolve(null), 5000);
      });
      try {
        await tasks.update(target.id, { title: `lost ack ${name}@${step}`, tags: [...target.tags, UNDO_TAG] });
        const outcome = await lost;
        const edited = (await device.liveTasks()).find((task) => task.id === target.id);
        const repository = device.tasks; // null once the device crashed meanwhile
        if (!outcome || !repository || !edited) return null;
        await repository.update(target.id, { title: target.title, tags: edited.tags.filter((tag) => tag !== UNDO_TAG) });
        const undone = (await device.liveTasks()).find((task) => task.id === target.id);
        if (!outcome.written || !undone) return null;
        const expectation: UndoExpectation = {
          userId: user.id,
          device: name,
          taskId: target.id,
          title: undone.title,
          removedTag: UNDO_TAG,
          updatedAt: undone.updatedAt,
          lostPushEmittedAt: outcome.emittedAt,
        };
        ledger.undos.push(expectation);
        return expectation;
      } catch (error) {
        // The task vanished under the edit (a delete arrived by sync, or the device crashed): nothing staged.
        if (error instanceof Error && /does not exist|closed|is not running/i.test(error.message)) return null;
        throw error;
      } finally {
        clearTimeout(timer);
        ackDrop = null;
      }
    },
    start() {
      starting ??= open().finally(() => (starting = null));
      return starting;
    },
    async stopSync() {
      const running = engine;
      engine = null;
      if (running) endTracing('sync stopped');
      await running?.close();
    },
    async crash() {
      const [deadEngine, deadDb] = [engine, db];
      engine = null;
      db = null;
      tasks = null;
      lists = null;
      device.counters.crashes += 1;
      endTracing('crashed');
      deadEngine?.transport.close();
      await deadEngine?.close().catch(() => undefined);
      await deadDb?.close();
    },
    recordCompletion(completion) {
      ledger.completions.push({ userId: user.id, device: name, ...completion });
    },
    async liveTasks() {
      if (!db) return [];
      const docs = await db.tasks.find().exec();
      return docs.map((doc) => toTask(doc.toJSON() as Task)).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async allDocuments() {
      if (!db) throw new Error(`${name} is not running`);
      const { documents } = await getChangedDocumentsSince(db.tasks.storageInstance, 1_000_000_000);
      return documents.map((doc) => toTask(doc as unknown as Task));
    },
    async liveLists() {
      if (!db) return [];
      const docs = await db.lists.find().exec();
      return docs.map((doc) => toTaskList(doc.toJSON() as TaskList)).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async allLists() {
      if (!db) throw new Error(`${name} is not running`);
      const { documents } = await getChangedDocumentsSince(db.lists.storageInstance, 1_000_000_000);
      return documents.map((doc) => toTaskList(doc as unknown as TaskList));
    },
    diagnose(ids) {
      return diagnoseDevice({ name, engine, collection: db?.tasks ?? null, trace }, ids);
    },
    async close() {
      closed = true;
      await device.stopSync().catch(() => undefined);
      await db?.close();
      db = null;
    },
  };
  return device;
}
