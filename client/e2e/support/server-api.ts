import { api } from '../../../sync-server/test/support/api-client';
import type { Task } from '@tasklane/shared/domain/task';

/** What the server holds for a user, through the REST API (DESIGN §4). */
export async function serverTasksOf(baseUrl: string, email: string, password: string): Promise<Task[]> {
  const login = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const list = await api(baseUrl, 'GET', '/api/tasks?limit=500', { token: login.body.accessToken });
  if (list.status !== 200) throw new Error(`listing failed: ${list.status}`);
  return list.body.tasks as Task[];
}
