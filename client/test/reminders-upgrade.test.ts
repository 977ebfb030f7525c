import type { Task } from '@tasklane/shared/domain/task';
import type { TaskV2 } from '@tasklane/shared/domain/task-upgrade';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { migrateTaskToVersion1 } from '../src/db/task-migration';
import { toTask } from '../src/db/to-task';
import { onlineEngine } from './support/online-engine';
import { expectOnlyEditedWaits, olderSchemaDevice, renameOfflineThenOpen } from './support/older-schema-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';

describe('a device of the release before reminders (task schema 1) opens this build (Node, fake-indexeddb)', () => {
  const suite = testServerSuite();

  it('[RM6] documents and master states migrate to reminders: [], only edited tasks wait, and an offline edit merges with reminders set meanwhile', async () => {
    const user = await registerUser(suite.server.url);
    const call = (method: string, path: string, body?: object) =>
      api(suite.server.url, method, path, { token: user.accessToken, ...(body ? { body } : {}) });
    const a = (await call('POST', '/api/tasks', { title: 'Dentist', due: { at: '2030-05-01T07:00:00.000Z', timeZone: 'UTC' } }))
      .body as Task;
    const g = (await call('POST', '/api/tasks', { title: 'Untouched' })).body as Task;

    // The older build had synced both: its documents and master states are version-2 tasks without reminders.
    const device = await olderSchemaDevice<TaskV2>(suite.server.url, user, {
      field: 'reminders',
      version: 1,
      migrationStrategies: { 1: migrateTaskToVersion1 },
    });

    // Another device (this release) sets a reminder; the old device, offline, renames the task.
    expect((await call('PATCH', `/api/tasks/${a.id}`, { reminders: [{ id: 'r1', before: 'PT1H' }] })).status).toBe(200);
    const db = await renameOfflineThenOpen(device, a.id, 'Dentist at 9');
    suite.closeAfter(() => db.close());
    const local = (await db.tasks.storageInstance.findDocumentsById([a.id, g.id], true)).map((stored) => toTask(stored));
    expect(local.map((task) => [task.title, task.reminders])).toEqual([
      ['Dentist at 9', []],
      ['Untouched', []],
    ]);

    await expectOnlyEditedWaits(db, suite.server.url, { edited: a, editedAsSeen: device.asSeen[0]!, untouched: g });

    const online = onlineEngine(db, suite.server.url, user);
    suite.closeAfter(() => online.close());
    await online.awaitInSync();
    await waitFor(
      async () => ((await call('GET', `/api/tasks/${a.id}`)).body as Task).title === 'Dentist at 9',
      8000,
      'the rename on the server',
    );
    expect((await call('GET', `/api/tasks/${a.id}`)).body).toMatchObject({
      title: 'Dentist at 9',
      reminders: [{ id: 'r1', before: 'PT1H' }],
    });
  }, 60_000);
});
