import { BehaviorSubject, Subject, combineLatest, type Observable, type Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import { sameListContent } from '@tasklane/shared/sync/merge-list';
import type { TaskCollection, TaskListCollection } from '../db/create-task-db';
import { toTask } from '../db/to-task';
import { toTaskList } from '../db/to-task-list';
import type { AuthApi } from '../session/auth-api';
import type { SessionStore } from '../session/session-store';
import { createTokenSource } from '../session/token-source';
import { createMemoryPendingStore, createPendingTracker, type PendingStore, type PendingTracker } from './pending-tracker';
import { pushJournalOf } from './push-journal';
import { syncProblemsOf } from './sync-problems';
import { createSocketTransport, type ConnectionState, type SocketTransport } from './socket-transport';
import { startCollectionReplication } from './start-collection-replication';
import { createStreamPosition } from './stream-position';

export type MergedConflict = { taskId: string; title: string; at: string };

export type SyncStatus = {
  connection: ConnectionState;
  /** Tasks whose local state has not reached the server yet. */
  pendingIds: ReadonlySet<string>;
  /** Lists whose local state has not reached the server yet. */
  pendingListIds: ReadonlySet<string>;
  lastSyncedAt: string | null;
  /** Documents received so far while the first sync of this device runs; null once done. */
  initialSync: { received: number } | null;
  lastError: string | null;
  /** [RJ5] Documents the server refused, by `tasks:<id>` or `lists:<id>`, with why. */
  problems: ReadonlyMap<string, string>;
};

export type SyncEngine = {
  status$: Observable<SyncStatus>;
  /** A conflict was merged (both sides had changed the task). */
  conflicts$: Observable<MergedConflict>;
  /** The running replication of the tasks; replaced by a fresh one when the server was reset ([G6]). */
  readonly replication: RxReplicationState<Task, Checkpoint>;
  /** The running replication of the lists (null for a database without them); replaced with the tasks'. */
  readonly listReplication: RxReplicationState<TaskList, Checkpoint> | null;
  /** [G6] Emits once the replication was replaced after the server refused its checkpoint. */
  serverResets$: Observable<void>;
  transport: SocketTransport;
  /** All local writes so far have reached the server (leader tab only). */
  awaitInSync(): Promise<true>;
  /** After a new sign-in of the same user. */
  reconnect(): void;
  close(): Promise<void>;
};

export type SyncEngineOptions = {
  collection: TaskCollection;
  /** The lists to replicate over the same socket; default: the `lists` collection of the tasks' database, if any. */
  lists?: TaskListCollection | null;
  /** Server origin of the sync socket (socket.io needs an absolute URL: location.origin in the browser); also names the replication. */
  baseUrl: string;
  /** Renews the access token; the caller builds it for the same server. */
  auth: Pick<AuthApi, 'refresh'>;
  sessions: SessionStore;
  pendingStore: PendingStore;
  lastSyncedStore?: { load(): string | null; save(at: string): void };
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
  waitForLeadership?: boolean;
  safetyResyncMs?: number;
  retryTimeMs?: number;
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  onSessionExpired?: () => void;
};

/** One running replication of every collection, with what the UI follows of each. */
type Running = {
  tasks: RxReplicationState<Task, Checkpoint>;
  lists: RxReplicationState<TaskList, Checkpoint> | null;
  pending: PendingTracker;
  pendingLists: PendingTracker | null;
  wiring: Subscription[];
};

/** Wires token refresh, the socket, RxDB replication of the tasks and the lists, and the sync status the UI shows. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const tokens = createTokenSource({
    auth: options.auth,
    sessions: options.sessions,
    ...(options.withLock ? { withLock: options.withLock } : {}),
  });
  const transport = createSocketTransport({
    url: options.baseUrl,
    tokens,
    ...(options.reconnectionDelayMs !== undefined ? { reconnectionDelayMs: options.reconnectionDelayMs } : {}),
    ...(options.reconnectionDelayMaxMs !== undefined ? { reconnectionDelayMaxMs: options.reconnectionDelayMaxMs } : {}),
    ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}),
  });
  const listCollection =
    options.lists === undefined
      ? ((options.collection.database.collections as { lists?: TaskListCollection }).lists ?? null)
      : options.lists;
  const lastSynced$ = new BehaviorSubject<string | null>(options.lastSyncedStore?.load() ?? null);
  const initialSync$ = new BehaviorSubject<{ received: number } | null>({ received: 0 });
  const lastError$ = new BehaviorSubject<string | null>(null);
  const conflicts$ = new Subject<MergedConflict>();
  const serverResets$ = new Subject<void>();
  const pendingIds$ = new BehaviorSubject<ReadonlySet<string>>(new Set(options.pendingStore.load()));
  const pendingListIds$ = new BehaviorSubject<ReadonlySet<string>>(new Set());
  const listPendingStore = createMemoryPendingStore();
  const problems = syncProblemsOf(options.collection.database);
  let lastSavedMs = 0;
  let receivedSoFar = 0;
  let progressQueued = false;

  let closed = false;
  let resetting: Promise<void> | null = null;
  const shared = {
    transport,
    serverId: options.baseUrl || 'same-origin',
    ...(options.waitForLeadership !== undefined ? { waitForLeadership: options.waitForLeadership } : {}),
    ...(options.safetyResyncMs !== undefined ? { safetyResyncMs: options.safetyResyncMs } : {}),
    ...(options.retryTimeMs !== undefined ? { retryTimeMs: options.retryTimeMs } : {}),
    onSynced() {
      const now = new Date();
      lastSynced$.next(now.toISOString());
      if (lastError$.value) lastError$.next(null);
      if (now.getTime() - lastSavedMs > 5000) {
        lastSavedMs = now.getTime();
        options.lastSyncedStore?.save(now.toISOString());
      }
    },
  };

  /** Both collections' replications over the one socket, sharing what the device has heard of each ([CM5]). */
  function start(): Running {
    const position = createStreamPosition();
    const heard = transport.changes$.subscribe((event) => position.received(event.collection, event));
    // Both replications are refused when the store was reset; a refusal that reaches a replication already replaced
    // (its pull was on its way) is not a second reset.
    const onCheckpointUnknown = () => {
      if (running.tasks === tasks) void resetReplication();
    };
    const tasks = startCollectionReplication<Task>({
      ...shared,
      onCheckpointUnknown,
      name: 'tasks',
      collection: options.collection,
      toDocument: toTask,
      journal: pushJournalOf(options.collection.database),
      problems,
      position,
    });
    const lists = listCollection
      ? startCollectionReplication<TaskList>({
          ...shared,
          onCheckpointUnknown,
          name: 'lists',
          collection: listCollection,
          toDocument: toTaskList,
          problems,
          position,
        })
      : null;
    const pending = createPendingTracker<Task>({
      collection: options.collection,
      replication: tasks,
      store: options.pendingStore,
      sameContent: (local, master) => sameTaskContent(toTask(local), toTask(master)),
    });
    const pendingLists =
      listCollection && lists
        ? createPendingTracker<TaskList>({
            collection: listCollection,
            replication: lists,
            store: listPendingStore,
            sameContent: (local, master) => sameListContent(toTaskList(local), toTaskList(master)),
          })
        : null;
    const started: Running = { tasks, lists, pending, pendingLists, wiring: [heard] };
    started.wiring.push(...wire(started));
    return started;
  }
  let running = start();

  /**
   * [G6] The server's store was reset or restored: forget everything RxDB believed the server holds
   * (the checkpoints and every assumed master state of both collections, by removing the replications'
   * meta data) and start again with the same identifiers. The new replications pull from a null checkpoint and
   * push every local document without an assumed master state: the server inserts what it lacks
   * ([W1]) and returns what it has as a conflict, merged without a base ([M6]). Local documents,
   * pending edits included, are never dropped.
   */
  function resetReplication(): Promise<void> {
    resetting ??= (async () => {
      if (closed) return;
      const old = running;
      for (const subscription of old.wiring) subscription.unsubscribe();
      old.pending.close();
      old.pendingLists?.close();
      await Promise.all([old.tasks.remove(), old.lists?.remove()]);
      if (closed) return;
      receivedSoFar = 0;
      initialSync$.next({ received: 0 });
      running = start();
      serverResets$.next();
    })().finally(() => (resetting = null));
    return resetting;
  }

  function wire(current: Running): Subscription[] {
    Promise.all([current.tasks.awaitInitialReplication(), current.lists?.awaitInitialReplication()]).then(
      () => current === running && initialSync$.next(null),
      () => undefined,
    );
    return [
      current.pending.pending$.subscribe((ids) => pendingIds$.next(ids)),
      ...(current.pendingLists ? [current.pendingLists.pending$.subscribe((ids) => pendingListIds$.next(ids))] : []),
      ...replicationSubscriptions(current.tasks),
      current.tasks.conflict$.subscribe(({ input, output }) => {
        const local = toTask(input.newDocumentState);
        const master = toTask(input.realMasterState);
        if (sameTaskContent(local, master)) return;
        conflicts$.next({ taskId: output.id, title: output.title, at: new Date().toISOString() });
      }),
      ...(current.lists ? replicationSubscriptions(current.lists) : []),
    ];
  }

  function replicationSubscriptions<Doc>(current: RxReplicationState<Doc, Checkpoint>): Subscription[] {
    return [
      current.received$.subscribe(() => {
        // Counted per document, shown once per burst: a first sync receives documents by the thousand.
        receivedSoFar += 1;
        if (progressQueued || !initialSync$.value) return;
        progressQueued = true;
        setTimeout(() => {
          progressQueued = false;
          if (initialSync$.value) initialSync$.next({ received: receivedSoFar });
        }, 0);
      }),
      current.error$.subscribe((error) => {
        const cause = (error as { parameters?: { errors?: unknown[] } }).parameters?.errors?.[0];
        lastError$.next(cause instanceof Error ? cause.message : error.message);
      }),
    ];
  }

  const status$ = new BehaviorSubject<SyncStatus>({
    connection: transport.state$.value,
    pendingIds: pendingIds$.value,
    pendingListIds: pendingListIds$.value,
    lastSyncedAt: lastSynced$.value,
    initialSync: initialSync$.value,
    lastError: null,
    problems: problems.problems$.value,
  });
  const subscriptions = [
    combineLatest([transport.state$, pendingIds$, pendingListIds$, lastSynced$, initialSync$, lastError$, problems.problems$]).subscribe(
      ([connection, pendingIds, pendingListIds, lastSyncedAt, initialSync, lastError, problems]) =>
        status$.next({ connection, pendingIds, pendingListIds, lastSyncedAt, initialSync, lastError, problems }),
    ),
  ];

  return {
    status$,
    conflicts$,
    get replication() {
      return running.tasks;
    },
    get listReplication() {
      return running.lists;
    },
    serverResets$,
    transport,
    async awaitInSync() {
      await resetting;
      const current = running;
      await Promise.all([current.tasks.awaitInSync(), current.lists?.awaitInSync()]);
      return true;
    },
    reconnect: () => transport.reconnect(),
    async close() {
      closed = true;
      await resetting;
      for (const subscription of [...subscriptions, ...running.wiring]) subscription.unsubscribe();
      running.pending.close();
      running.pendingLists?.close();
      await Promise.all([running.tasks.cancel(), running.lists?.cancel()]);
      transport.close();
      if (lastSynced$.value) options.lastSyncedStore?.save(lastSynced$.value);
    },
  };
}
