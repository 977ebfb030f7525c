import { api, registerUser } from '@tasklane/testkit/api-client';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';
import { problemOf } from './support/sync-problem-of';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { syncProblemsOf } from '../src/sync/sync-problems';

/** docs/protocol.md [RJ9] with [RJ5]: a row the server finds invalid is refused alone, and the device keeps it like any refusal. */
describe('a row refused as invalid, on the device', () => {
  const suite = testServerSuite();

  it('[RJ9] [RJ5] [RJ10] of one batch, the row the server refuses as INVALID_MESSAGE (a tag twice, in two spellings) is kept with its reason; the other rows sync; fixing it syncs it', async () => {
    const user = await registerUser(suite.server.url);
    const device = await createTestDevice(suite.server.url, user);
    suite.closeAfter(() => device.close());
    // A client bug the server's schema catches ([D5]): the same tag, composed and decomposed, which the app's own
    // storage (no schema validation on this device) lets through.
    const invalid = makeTask({ title: 'tagged twice', tags: ['caf\u00e9', 'cafe\u0301'] });
    const before = makeTask({ title: 'before' });
    const after = makeTask({ title: 'after' });
    await device.db.tasks.bulkInsert([before, invalid, after]);
    const engine = await device.goOnline();
    await engine.awaitInSync();

    const status = await problemOf(engine, `tasks:${invalid.id}`, true);
    expect(status.problems.get(`tasks:${invalid.id}`)).toMatch(/^not a valid document for this server: .*tags must be unique/);
    expect(status.problems.size).toBe(1);
    expect(syncProblemsOf(device.db).edits$.value.get(`tasks:${invalid.id}`)).toMatchObject({
      collection: 'tasks',
      document: { title: 'tagged twice', tags: ['caf\u00e9', 'cafe\u0301'] },
    });
    expect((await device.db.tasks.findOne(invalid.id).exec())?.tags).toEqual(['caf\u00e9', 'cafe\u0301']);
    const onServer = await api(suite.server.url, 'GET', '/api/tasks', { token: user.accessToken });
    expect((onServer.body as { tasks: { id: string }[] }).tasks.map((task) => task.id).sort()).toEqual([before.id, after.id].sort());
    // The user edits the task: RxDB took the refused edit for the server's state and sends it as the base, which never
    // matches ([RJ10]); the edit is decided afresh, accepted, and the reason goes.
    await device.db.tasks.upsert({ ...invalid, tags: ['caf\u00e9'], updatedAt: new Date().toISOString() });
    await problemOf(engine, `tasks:${invalid.id}`, false);
    await engine.awaitInSync();
    const fixed = await api(suite.server.url, 'GET', `/api/tasks/${invalid.id}`, { token: user.accessToken });
    expect(fixed.body).toMatchObject({ title: 'tagged twice', tags: ['caf\u00e9'] });
  });
});
