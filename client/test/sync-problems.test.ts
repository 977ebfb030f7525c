import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { testServerSuite } from '@tasklane/testkit/test-server-suite';
import { problemOf } from './support/sync-problem-of';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { toTask } from '../src/db/to-task';
import { syncProblemsOf } from '../src/sync/sync-problems';
import { copyEdit, isReplaced, restoreEdit } from '../src/ui/sync-problems/refused-edit';

/** docs/protocol.md [RJ5]: the reference client against a real server on port 0. */
describe('refused rows on the device', () => {
  const suite = testServerSuite();

  it('[RJ5] a task the server refuses stays on the device with its reason, also when sync starts again (a reload: client/e2e/sync-refusals.e2e.test.ts); an accepted push of it clears the reason', async () => {
    const user = await registerUser(suite.server.url);
    const device = await createTestDevice(suite.server.url, user);
    suite.closeAfter(() => device.close());
    const engine = await device.goOnline();
    const spoofed = makeTask({ title: 'pay \u202eexe.txt' });
    const fine = makeTask({ title: 'fine' });
    await device.db.tasks.bulkInsert([spoofed, fine]);
    await engine.awaitInSync();
    const status = await problemOf(engine, `tasks:${spoofed.id}`, true);
    expect(status.problems.get(`tasks:${spoofed.id}`)).toBe(
      'the title holds a control or bidi character (U+202E); remove it and save again',
    );
    expect(status.problems.size).toBe(1);
    expect((await device.db.tasks.findOne(spoofed.id).exec())?.title).toBe(spoofed.title);
    const onServer = await api(suite.server.url, 'GET', '/api/tasks', { token: user.accessToken });
    expect((onServer.body as { tasks: { id: string }[] }).tasks.map((task) => task.id)).toEqual([fine.id]);

    // The record belongs to the database, not to the engine: one started again shows it at once.
    const again = await device.goOffline().then(() => device.goOnline());
    await problemOf(again, `tasks:${spoofed.id}`, true);

    await device.db.tasks.upsert({ ...spoofed, title: 'pay exe.txt', updatedAt: new Date().toISOString() });
    await problemOf(again, `tasks:${spoofed.id}`, false);
    await again.awaitInSync();
    const later = await api(suite.server.url, 'GET', `/api/tasks/${spoofed.id}`, { token: user.accessToken });
    expect(later.body).toMatchObject({ title: 'pay exe.txt' });
  });
  it('[RJ6] a refused edit replaced by another device’s change is kept: the record holds it, it is offered back, and restoring it (without the unsafe character) syncs; a copy is a new task', async () => {
    const user = await registerUser(suite.server.url);
    const phone = await createTestDevice(suite.server.url, user);
    try {
      const engine = await phone.goOnline();
      const task = makeTask({ title: 'report' });
      await phone.db.tasks.insert(task);
      await engine.awaitInSync();
      const edited = { ...task, title: 'report \u202edue', description: 'my notes', updatedAt: new Date().toISOString() };
      await phone.db.tasks.upsert(edited);
      await problemOf(engine, `tasks:${task.id}`, true);

      // Another device changes the task: the pull replaces the refused edit on this one.
      const patched = await api(suite.server.url, 'PATCH', `/api/tasks/${task.id}`, {
        token: user.accessToken,
        body: { priority: 'high' },
      });
      expect(patched.status).toBe(200);
      const local$ = phone.db.tasks.findOne(task.id).$;
      const replaced = await firstValueFrom(local$.pipe(filter((doc) => doc?.priority === 'high')));
      expect(replaced!.title).toBe('report');
      const problems = syncProblemsOf(phone.db);
      const edit = problems.edits$.value.get(`tasks:${task.id}`)!;
      expect(edit).toMatchObject({ collection: 'tasks', id: task.id, document: { title: 'report \u202edue', description: 'my notes' } });
      expect(isReplaced(edit, toTask(replaced!.toMutableJSON()), false)).toBe(true);
      expect((await firstValueFrom(engine.status$)).problems.get(`tasks:${task.id}`)).toMatch(/^the title holds/);

      await copyEdit(phone.db.tasks, edit, 'copy-of-report', new Date().toISOString(), () => true);
      await restoreEdit(phone.db.tasks, edit, new Date().toISOString());
      await problemOf(engine, `tasks:${task.id}`, false);
      await engine.awaitInSync();
      const onServer = await api(suite.server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken });
      expect(onServer.body).toMatchObject({ title: 'report due', description: 'my notes' });
      const copy = await api(suite.server.url, 'GET', '/api/tasks/copy-of-report', { token: user.accessToken });
      expect(copy.body).toMatchObject({ title: 'report due', description: 'my notes', listId: task.listId });
    } finally {
      await phone.close();
    }
  });
});
