import type { Task } from '@tasklane/shared/domain/task';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { registerUser } from '@tasklane/testkit/api-client';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

const TASKS = 600;
/** 5,000 characters each: a pull page of 1,000 would be ~3 MB, so the server cuts pages at 1 MiB ([P5]). */
const description = 'd'.repeat(5_000);

describe('first sync through byte-capped pull pages', () => {
  const suite = testServerSuite();

  it('[P5] a device pulling in batches of 1,000 gets every task in its first sync, although each server page holds ~200', async () => {
    const user = await registerUser(suite.server.url);
    const socket = await connectSocket(suite.server.url, user.accessToken);
    const tasks: Task[] = Array.from({ length: TASKS }, (_, i) => makeTask({ title: `wide ${i}`, description }));
    for (let i = 0; i < tasks.length; i += 100) {
      expect(await socket.push({ rows: tasks.slice(i, i + 100).map((task) => ({ newDocumentState: task })) })).toMatchObject({ ok: true });
    }
    const firstPage = await socket.pull({ checkpoint: null, limit: PROTOCOL_LIMITS.pullMaxLimit });
    socket.close();
    expect(firstPage.ok && firstPage.data.documents.length).toBeLessThan(TASKS); // the server really cuts the page

    const device = await createTestDevice(suite.server.url, user);

    suite.closeAfter(() => device.close());
    const engine = await device.goOnline();
    await engine.awaitInSync();
    expect((await device.localTasks()).length).toBe(TASKS);
  });
});
