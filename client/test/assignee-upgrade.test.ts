import type { Task } from '@tasklane/shared/domain/task';
import type { TaskV3 } from '@tasklane/shared/domain/task-upgrade';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { TASK_MIGRATION_STRATEGIES } from '../src/db/task-migration';
import { toTask } from '../src/db/to-task';
import { onlineEngine } from './support/online-engine';
import { expectOnlyEditedWaits, olderSchemaDevice, renameOfflineThenOpen } from './support/older-schema-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

describe('a device of the release before assignment (task schema 2) opens this build (Node, fake-indexeddb)', () => {
  const suite = testServerSuite();

  it('[SC7] documents and master states migrate to assignee: null, only edited tasks wait, and an offline edit merges with an assignment made meanwhile', async () => {
    const user = await registerUser(suite.server.url);
    const call = (method: string, path: string, body?: object) =>
      api(suite.server.url, method, path, { token: user.accessToken, ...(body ? { body } : {}) });
    const a = (await call('POST', '/api/tasks', { title: 'Water plants' })).body as Task;
    const g = (await call('POST', '/api/tasks', { title: 'Untouched' })).body as Task;

    // The older build had synced both: its documents and master states are version-3 tasks without an assignee.
    const device = await olderSchemaDevice<TaskV3>(suite.server.url, user, {
      field: 'assignee',
      version: 2,
      migrationStrategies: { 1: TASK_MIGRATION_STRATEGIES[1], 2: TASK_MIGRATION_STRATEGIES[2] },
    });
    expect(device.asSeen.every((task) => !('assignee' in task))).toBe(true);

    // Another device (this release) assigns the task to its owner ([AS3]: in their own list, themselves only); the
    // old device, offline, renames it.
    expect((await call('PATCH', `/api/tasks/${a.id}`, { assignee: user.id })).status).toBe(200);
    const db = await renameOfflineThenOpen(device, a.id, 'Water plants twice');
    suite.closeAfter(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true)).map((stored) => toTask(stored));
    expect(local.map((task) => [task.title, task.assignee])).toEqual([
      ['Water plants twice', null],
      ['Untouched', null],
    ]);
    // stored as migrated, not only read so by toTask
    const stored = await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true);
    expect(stored.map((document) => (document as Task).assignee)).toEqual([null, null]);

    const masters = await expectOnlyEditedWaits(db, suite.server.url, { edited: a, editedAsSeen: device.asSeen[0]!, untouched: g });
    expect((masters.get(g.id) as Task).assignee).toBeNull();

    const online = onlineEngine(db, suite.server.url, user);
    suite.closeAfter(() => online.close());
    await online.awaitInSync();
    await waitFor(
      async () => ((await call('GET', `/api/tasks/${a.id}`)).body as Task).title === 'Water plants twice',
      8000,
      'the rename on the server',
    );
    // the assignment made meanwhile survives the merge ([M1]: the old device did not change the field)
    expect((await call('GET', `/api/tasks/${a.id}`)).body).toMatchObject({ title: 'Water plants twice', assignee: user.id });
    await waitFor(
      async () => toTask((await db.tasks.findOne(a.id).exec())!.toMutableJSON()).assignee === user.id,
      8000,
      'the assignment on the device',
    );
  }, 60_000);
});
