import { BehaviorSubject, Subject, combineLatest, type Observable, type Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Task } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { TaskCollection } from '../db/create-task-db';
import { toTask } from '../db/to-task';
import type { AuthApi } from '../session/auth-api';
import type { SessionStore } from '../session/session-store';
import { createTokenSource } from '../session/token-source';
import { createPendingTracker, type PendingStore, type PendingTracker } from './pending-tracker';
import { createSocketTransport, type ConnectionState, type SocketTransport } from './socket-transport';
import { startTaskReplication } from './start-task-replication';

export type MergedConflict = { taskId: string; title: string; at: string };

export type SyncStatus = {
  connection: ConnectionState;
  pendingIds: ReadonlySet<string>;
  lastSyncedAt: string | null;
  /** Documents received so far while the first sync of this device runs; null once done. */
  initialSync: { received: number } | null;
  lastError: string | null;
};

export type SyncEngine = {
  status$: Observable<SyncStatus>;
  /** A conflict was merged (both sides had changed the task). */
  conflicts$: Observable<MergedConflict>;
  /** The running replication; replaced by a fresh one when the server was reset ([G6]). */
  readonly replication: RxReplicationState<Task, Checkpoint>;
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

/** Wires token refresh, the socket, RxDB replication and the sync status the UI shows. */
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
  const lastSynced$ = new BehaviorSubject<string | null>(options.lastSyncedStore?.load() ?? null);
  const initialSync$ = new BehaviorSubject<{ received: number } | null>({ received: 0 });
  const lastError$ = new BehaviorSubject<string | null>(null);
  const conflicts$ = new Subject<MergedConflict>();
  const serverResets$ = new Subject<void>();
  const pendingIds$ = new BehaviorSubject<ReadonlySet<string>>(new Set(options.pendingStore.load()));
  let lastSavedMs = 0;
  let receivedSoFar = 0;
  let progressQueued = false;

  let closed = false;
  let resetting: Promise<void> | null = null;
  const start = () =>
    startTaskReplication({
      collection: options.collection,
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
      onCheckpointUnknown: () => void resetReplication(),
    });
  let replication = start();
  let pending = createPendingTracker({ collection: options.collection, replication, store: options.pendingStore });
  let wiring = wire(replication, pending);

  /**
   * [G6] The server's store was reset or restored: forget everything RxDB believed the server holds
   * (its checkpoint and every assumed master state, by removing the replication's meta data) and
   * start again with the same identifier. The new replication pulls from a null checkpoint and
   * pushes every local document without an assumed master state: the server inserts what it lacks
   * ([W1]) and returns what it has as a conflict, merged without a base ([M6]). Local documents,
   * pending edits included, are never dropped.
   */
  function resetReplication(): Promise<void> {
    resetting ??= (async () => {
      if (closed) return;
      for (const subscription of wiring) subscription.unsubscribe();
      pending.close();
      await replication.remove();
      if (closed) return;
      receivedSoFar = 0;
      initialSync$.next({ received: 0 });
      replication = start();
      pending = createPendingTracker({ collection: options.collection, replication, store: options.pendingStore });
      wiring = wire(replication, pending);
      serverResets$.next();
    })().finally(() => (resetting = null));
    return resetting;
  }

  function wire(current: RxReplicationState<Task, Checkpoint>, tracker: PendingTracker): Subscription[] {
    current.awaitInitialReplication().then(
      () => current === replication && initialSync$.next(null),
      () => undefined,
    );
    return [tracker.pending$.subscribe((ids) => pendingIds$.next(ids)), ...replicationSubscriptions(current)];
  }

  function replicationSubscriptions(current: RxReplicationState<Task, Checkpoint>): Subscription[] {
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
      current.conflict$.subscribe(({ input, output }) => {
        const local = toTask(input.newDocumentState);
        const master = toTask(input.realMasterState);
        if (sameTaskContent(local, master)) return;
        conflicts$.next({ taskId: output.id, title: output.title, at: new Date().toISOString() });
      }),
    ];
  }

  const status$ = new BehaviorSubject<SyncStatus>({
    connection: transport.state$.value,
    pendingIds: pendingIds$.value,
    lastSyncedAt: lastSynced$.value,
    initialSync: initialSync$.value,
    lastError: null,
  });
  const subscriptions = [
    combineLatest([transport.state$, pendingIds$, lastSynced$, initialSync$, lastError$]).subscribe(
      ([connection, pendingIds, lastSyncedAt, initialSync, lastError]) =>
        status$.next({ connection, pendingIds, lastSyncedAt, initialSync, lastError }),
    ),
  ];

  return {
    status$,
    conflicts$,
    get replication() {
      return replication;
    },
    serverResets$,
    transport,
    async awaitInSync() {
      await resetting;
      return replication.awaitInSync();
    },
    reconnect: () => transport.reconnect(),
    async close() {
      closed = true;
      await resetting;
      for (const subscription of [...subscriptions, ...wiring]) subscription.unsubscribe();
      pending.close();
      await replication.cancel();
      transport.close();
      if (lastSynced$.value) options.lastSyncedStore?.save(lastSynced$.value);
    },
  };
}
