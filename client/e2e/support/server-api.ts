import { api } from '@tasklane/testkit/api-client';
import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { connectSocket } from '@tasklane/testkit/sync-socket';

/** What the server holds for a user, through the REST API (docs/protocol.md §7). */
export async function serverTasksOf(baseUrl: string, email: string, password: string): Promise<Task[]> {
  const login = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { accessToken } = login.body as AuthResult;
  const list = await api(baseUrl, 'GET', '/api/tasks?limit=500', { token: accessToken });
  if (list.status !== 200) throw new Error(`listing failed: ${list.status}`);
  return (list.body as { tasks: Task[] }).tasks;
}

/** The user's lists on the server, tombstones included, over the sync socket (a pull of `lists` from the beginning). */
export async function serverListsOf(baseUrl: string, email: string, password: string): Promise<TaskList[]> {
  const login = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const socket = await connectSocket(baseUrl, (login.body as AuthResult).accessToken);
  try {
    const answer = await socket.pullLists({ checkpoint: null, limit: 1000 });
    if (!answer.ok) throw new Error(`pulling lists failed: ${answer.error.code}`);
    return answer.data.documents;
  } finally {
    socket.close();
  }
}
