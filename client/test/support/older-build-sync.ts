import type { RxCollection, WithDeleted } from 'rxdb/plugins/core';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { Task } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { replicationIdentifier } from '../../src/sync/start-collection-replication';

/** Every task of the user on `serverUrl` as one pull gives them, with the checkpoint after them. */
export async function pullTasks(serverUrl: string, accessToken: string): Promise<{ tasks: Task[]; checkpoint: Checkpoint }> {
  const socket = await connectSocket(serverUrl, accessToken);
  const pulled = await socket.pull({ collection: 'tasks', checkpoint: null, limit: 100 });
  socket.close();
  if (!pulled.ok) throw new Error(pulled.error.message);
  return { tasks: pulled.data.documents, checkpoint: pulled.data.checkpoint! };
}

/**
 * An older build's replication of `serverUrl` that had synced `documents` up to `checkpoint`: run once, it leaves them,
 * the checkpoint and their master states in `collection`, under the identifier this build's replication uses.
 */
export async function replicateAsOlderBuild<Doc>(
  collection: RxCollection<Doc>,
  serverUrl: string,
  documents: WithDeleted<Doc>[],
  checkpoint: Checkpoint,
): Promise<void> {
  const replication = replicateRxCollection<Doc, Checkpoint>({
    collection,
    replicationIdentifier: replicationIdentifier('tasks', serverUrl),
    live: false,
    waitForLeadership: false,
    pull: { handler: (since) => Promise.resolve(since ? { documents: [], checkpoint: since } : { documents, checkpoint }) },
    // That build pushed too; RxDB keeps master states only for a replication that pushes.
    push: { handler: () => Promise.resolve([]) },
  });
  await replication.awaitInitialReplication();
  await replication.cancel();
}
