import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { api, type ApiResponse, type RegisteredUser } from '@tasklane/testkit/api-client';

export type RestClient = ReturnType<typeof restClient>;

/** What another device of `user` writes and reads over REST (docs/protocol.md §7); the browser gets it through sync. */
export function restClient(baseUrl: string, user: RegisteredUser) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api(baseUrl, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as unknown;
  };
  return {
    createTask: async (body: Record<string, unknown>) => (await call('POST', '/api/tasks', body)) as Task,
    patchTask: async (id: string, body: Record<string, unknown>) => (await call('PATCH', `/api/tasks/${id}`, body)) as Task,
    tasks: async () => ((await call('GET', '/api/tasks?limit=500')) as { tasks: Task[] }).tasks,
    createList: async (body: Record<string, unknown>) => (await call('POST', '/api/lists', body)) as TaskList,
    lists: async () => ((await call('GET', '/api/lists?limit=500')) as { lists: TaskList[] }).lists,
    /** One list, whatever the answer (a deleted list is a 404). */
    list: (id: string): Promise<ApiResponse> => api(baseUrl, 'GET', `/api/lists/${id}`, { token: user.accessToken }),
  };
}
