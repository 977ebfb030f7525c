import { registerUser, api } from '@tasklane/testkit/api-client';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { makeTask } from '@tasklane/testkit/task-fixture';
import type { Task } from '@tasklane/shared/domain/task';
import { syncProblemsOf } from '../src/sync/sync-problems';
import { problemTexts } from '../src/ui/sync-problems/no-access';
import { isRefusedAssignee, unassignEdit } from '../src/ui/sync-problems/refused-assignee';
import { problemOf } from './support/sync-problem-of';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

/** docs/client.md [SC7], protocol.md [AS3]: the reference client against a real server on port 0. */
describe('a refused assignee on the device', () => {
  const suite = testServerSuite();

  it('[SC7] an edit refused with INVALID_ASSIGNEE stays on the device, worded with the person and the list; synced unassigned, it reaches the server and its record goes', async () => {
    const user = await registerUser(suite.server.url);
    const other = await registerUser(suite.server.url);
    const device = await createTestDevice(suite.server.url, user);
    suite.closeAfter(() => device.close());
    const engine = await device.goOnline();
    const task = makeTask({ title: 'Mow the lawn' });
    await device.db.tasks.insert(task);
    await engine.awaitInSync();

    // In the Inbox only its owner may be assigned ([AS3]): assigning another account is refused, and nothing changes.
    const stored = await device.db.tasks.findOne(task.id).exec();
    await stored!.incrementalPatch({ title: 'Mow the lawn today', assignee: other.id, updatedAt: new Date().toISOString() });
    const status = await problemOf(engine, `tasks:${task.id}`, true);
    const edit = syncProblemsOf(device.db).edits$.value.get(`tasks:${task.id}`)!;
    expect(edit.code).toBe('INVALID_ASSIGNEE');
    expect(isRefusedAssignee(edit)).toBe(true);
    expect(edit.document).toMatchObject({ title: 'Mow the lawn today', assignee: other.id });
    expect((await device.db.tasks.findOne(task.id).exec())?.assignee).toBe(other.id);
    const texts = problemTexts(
      status.problems,
      syncProblemsOf(device.db).edits$.value,
      () => 'Inbox',
      () => 'other',
    );
    expect(texts?.get(`tasks:${task.id}`)).toBe('other can’t be assigned in “Inbox”');
    const before = (await api(suite.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body as Task;
    expect(before).toMatchObject({ title: 'Mow the lawn', assignee: null });

    await unassignEdit(device.db.tasks, edit, new Date().toISOString());
    await problemOf(engine, `tasks:${task.id}`, false);
    await engine.awaitInSync();
    const after = (await api(suite.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body as Task;
    expect(after).toMatchObject({ title: 'Mow the lawn today', assignee: null });
  });
});
