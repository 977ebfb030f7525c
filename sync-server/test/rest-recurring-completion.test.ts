import type { StoredTask } from '@tasklane/shared/domain/task';
import { completeOccurrence } from '@tasklane/shared/sync/advance-recurring';
import { canonicalTaskState } from '@tasklane/shared/sync/canonical-task';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

/**
 * docs/protocol.md [LR15]: completing a recurring task over REST is the app's completion. The store here can let a
 * device's push land just before the REST write, as a device syncing at that moment would.
 */
describe('completing a recurring task over REST, as the app does', () => {
  const temp = makeTempDir('rest-recurring');
  let server: TestServer;
  let beforeNextPush: (() => Promise<void>) | null = null;
  let real: Store;

  beforeAll(async () => {
    real = createEmbeddedStore({ dataDir: temp.dir });
    const store: Store = {
      ...real,
      async applyPush(userId, rows) {
        const hook = beforeNextPush;
        beforeNextPush = null;
        await hook?.();
        return real.applyPush(userId, rows);
      },
    };
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  async function send(method: string, path: string, user: RegisteredUser, body: unknown): Promise<{ status: number; body: StoredTask }> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as StoredTask };
  }

  async function recurringTask(user: RegisteredUser, status: 'todo' | 'in_progress'): Promise<StoredTask> {
    const body = {
      title: 'Water the plants',
      status,
      due: { date: '2026-03-02' },
      recurrence: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
    };
    const created = await send('POST', '/api/tasks', user, body);
    expect(created.status).toBe(201);
    return created.body;
  }

  it('[LR15] [DM10] a task in progress stays in progress when its occurrence is completed, as in the app', async () => {
    const user = await registerUser(server.url);
    const task = await recurringTask(user, 'in_progress');
    const completed = await send('PATCH', `/api/tasks/${task.id}`, user, { status: 'done' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'in_progress', occurrence: 1, due: { date: '2026-03-03' }, completedAt: null });
  });

  it('[LR15] [DM11] a completion without a key that meets a device completing the same occurrence advances it once', async () => {
    const user = await registerUser(server.url);
    const task = await recurringTask(user, 'todo');
    beforeNextPush = async () => {
      const current = (await real.getTask(user.id, task.id))!;
      const { seq: _seq, ...content } = current;
      const onDevice = canonicalTaskState({ ...content, ...completeOccurrence(current)!, updatedAt: new Date().toISOString() });
      const outcome = await real.applyPush(user.id, [{ newDocumentState: onDevice, assumedMasterState: current }]);
      expect(outcome.written).toHaveLength(1);
    };
    const completed = await send('PATCH', `/api/tasks/${task.id}`, user, { status: 'done' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ occurrence: 1, due: { date: '2026-03-03' } });
    expect(await real.getTask(user.id, task.id)).toMatchObject({ occurrence: 1 });
  });
});
