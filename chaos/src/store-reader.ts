import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { Ack } from '@tasklane/shared/protocol/ack';
import { api } from '@tasklane/testkit/api-client';
import { connectSocket, type PullAnswer } from '@tasklane/testkit/sync-socket';
import type { ChaosUser } from './chaos-device';

/** Pulls one collection from `null` until an empty page. */
async function pullAll<D extends { id: string }>(pull: (checkpoint: unknown) => Promise<Ack<PullAnswer<D>>>, what: string): Promise<D[]> {
  const byId = new Map<string, D>();
  let checkpoint: unknown = null;
  for (;;) {
    const ack = await pull(checkpoint);
    if (!ack.ok) throw new Error(`store pull of ${what} failed: ${ack.error.code} ${ack.error.message}`);
    if (ack.data.documents.length === 0) return [...byId.values()];
    for (const doc of ack.data.documents) byId.set(doc.id, doc);
    checkpoint = ack.data.checkpoint;
  }
}

/**
 * What the store holds for a user, tombstones included, tasks and lists: the protocol's own `pull` of each
 * collection from `null` until an empty page, straight to an instance (no relay).
 */
export async function readUserStore(serverUrl: string, user: ChaosUser): Promise<{ tasks: Task[]; lists: TaskList[] }> {
  const login = await api(serverUrl, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
  if (login.status !== 200) throw new Error(`login for the store read failed: ${login.status} ${JSON.stringify(login.body)}`);
  const socket = await connectSocket(serverUrl, (login.body as AuthResult).accessToken);
  try {
    const tasks = await pullAll<Task>((checkpoint) => socket.pull({ checkpoint, limit: 1000 }), 'tasks');
    const lists = await pullAll<TaskList>((checkpoint) => socket.pullLists({ checkpoint, limit: 1000 }), 'lists');
    return { tasks, lists };
  } finally {
    socket.close();
  }
}

/** The user's tasks in the store, tombstones included. */
export async function readStore(serverUrl: string, user: ChaosUser): Promise<Task[]> {
  return (await readUserStore(serverUrl, user)).tasks;
}
