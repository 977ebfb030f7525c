import { api } from '@tasklane/testkit/api-client';
import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';

/** What the server holds for a user, through the REST API (docs/protocol.md §7). */
export async function serverTasksOf(baseUrl: string, email: string, password: string): Promise<Task[]> {
  const login = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { accessToken } = login.body as AuthResult;
  const list = await api(baseUrl, 'GET', '/api/tasks?limit=500', { token: accessToken });
  if (list.status !== 200) throw new Error(`listing failed: ${list.status}`);
  return (list.body as { tasks: Task[] }).tasks;
}
