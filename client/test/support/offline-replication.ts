import { BehaviorSubject, Subject } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Task } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { TaskDatabase } from '../../src/db/create-task-db';
import { toTask } from '../../src/db/to-task';
import { NetworkError } from '../../src/session/session-errors';
import { createMemoryPendingStore, createPendingTracker, type PendingTracker } from '../../src/sync/pending-tracker';
import type { ConnectionState, SocketTransport } from '../../src/sync/socket-transport';
import { startCollectionReplication } from '../../src/sync/start-collection-replication';
import { createStreamPosition } from '../../src/sync/stream-position';

/** No network: every request fails as a socket without a connection does. */
export function offlineTransport(): SocketTransport {
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

/** The app's task replication of `serverUrl` on a device without network, started: its master states are readable. */
export async function startOfflineReplication(db: TaskDatabase, serverUrl: string): Promise<RxReplicationState<Task, Checkpoint>> {
  const replication = startCollectionReplication<Task>({
    name: 'tasks',
    collection: db.tasks,
    toDocument: toTask,
    transport: offlineTransport(),
    position: createStreamPosition(),
    serverId: serverUrl,
    waitForLeadership: false,
  });
  await replication.startPromise;
  return replication;
}

/** What waits to be pushed through `replication`, told as the app tells it: content differing from the master state. */
export function trackPending(db: TaskDatabase, replication: RxReplicationState<Task, Checkpoint>): PendingTracker {
  return createPendingTracker<Task>({
    collection: db.tasks,
    replication,
    store: createMemoryPendingStore(),
    sameContent: (mine, master) => sameTaskContent(toTask(mine), toTask(master)),
  });
}
