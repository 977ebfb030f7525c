import { registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { FIXTURE_TIME, makeTask } from '@tasklane/testkit/task-fixture';
import { sameTaskRevision } from '../src/db/task-conflict-handler';
import { pushConflictsSoFar } from '../src/sync/rxdb-internals';
import { createTestDevice, type TestDevice } from '@tasklane/testkit/test-device';

/**
 * Regression found by the chaos harness (seed 101 and [CC1], chaos/):
 * the conflict handler's `isEqual` ignored `seq`, so RxDB dropped the server's
 * echo of a device's own write (same content, new seq). The device kept the
 * task without its seq and every later edit of it was a conflict
 * (docs/protocol.md [D2]), and devices ended with outdated revisions.
 */
describe('a device learns the seq of its own writes', () => {
  let server: TestServer;
  let phone: TestDevice | undefined;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await phone?.close();
    await server.close();
  });

  it('[R9] seed 101: after create and after edit the local task carries the server seq, and the edit is not a conflict', async () => {
    const user = await registerUser(server.url);
    phone = await createTestDevice(server.url, user);
    const engine = await phone.goOnline();
    const task = await phone.tasks.create({ title: 'Own write' });
    await waitFor(async () => (await phone!.localTasks())[0]?.seq !== undefined, 5000, 'the seq of the create');
    await phone.tasks.update(task.id, { title: 'Own write, edited' });
    await engine.awaitInSync();
    await waitFor(async () => ((await phone!.localTasks())[0]?.seq ?? 0) > 1, 5000, 'the seq of the edit');
    expect(pushConflictsSoFar(engine.replication)).toBe(0);
  });

  it('[R9] equality for replication includes the revision', () => {
    const base = makeTask({ id: 'a', title: 't', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME });
    expect(sameTaskRevision(base, { ...base })).toBe(true);
    expect(sameTaskRevision(base, { ...base, seq: 3 })).toBe(false);
    expect(sameTaskRevision({ ...base, seq: 3 }, { ...base, seq: 3 })).toBe(true);
    expect(sameTaskRevision({ ...base, seq: 3 }, { ...base, seq: 3, title: 'u' })).toBe(false);
  });
});
