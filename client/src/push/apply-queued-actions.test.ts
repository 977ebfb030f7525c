import { IDBFactory } from 'fake-indexeddb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Task } from '@tasklane/shared/domain/task';
import { createActionQueue, type ActionQueue } from '@tasklane/service-worker/src/notification-action-queue';
import { createTaskDb, type TaskDatabase } from '../db/create-task-db';
import { createTaskRepository, type TaskRepository } from '../db/task-repository';
import { toTask } from '../db/to-task';
import { SNOOZE_REMINDER_ID } from '@tasklane/shared/domain/snooze';
import { applyQueuedActions } from './apply-queued-actions';

const DAILY: RecurrenceRule = { frequency: 'daily', interval: 1, end: { kind: 'never' } };
const DUE = { at: '2026-03-02T07:00:00+00:00', timeZone: 'Europe/Berlin' };

describe('notification actions queued by the service worker, applied by the app', () => {
  let db: TaskDatabase;
  let repository: TaskRepository;
  let queue: ActionQueue;
  const read = async (id: string) => {
    const doc = await db.tasks.findOne(id).exec();
    return doc ? toTask(doc.toJSON() as Task) : null;
  };
  const apply = (userId = 'u1') => applyQueuedActions({ queue, repository, read, userId, now: () => Date.parse('2026-03-02T07:05:00Z') });

  beforeEach(async () => {
    db = await createTaskDb({ userId: `wp-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), multiInstance: false });
    repository = createTaskRepository(db.tasks);
    queue = createActionQueue(new IDBFactory());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('[WP6] a queued Done completes the occurrence it fired for, once: applied again (or after the server did it) it changes nothing', async () => {
    const series = await repository.create({ title: 'Water plants', due: DUE, recurrence: DAILY });
    const single = await repository.create({ title: 'Call the dentist', due: DUE });
    const at = '2026-03-02T07:01:00.000Z';
    await queue.record({ action: 'done', taskId: series.id, occurrence: series.occurrence, userId: 'u1', at });
    await queue.record({ action: 'done', taskId: single.id, occurrence: null, userId: 'u1', at });
    // the same tap recorded twice (two notifications, or a retry)
    await queue.record({ action: 'done', taskId: series.id, occurrence: series.occurrence, userId: 'u1', at });

    expect(await apply()).toBe(2);
    expect(await queue.list()).toEqual([]);
    const advanced = (await read(series.id))!;
    expect(advanced.occurrence).toBe(series.occurrence + 1);
    expect(advanced.status).toBe('todo');
    expect((await read(single.id))!.status).toBe('done');

    await queue.record({ action: 'done', taskId: series.id, occurrence: series.occurrence, userId: 'u1', at });
    expect(await apply()).toBe(0);
    expect((await read(series.id))!.occurrence).toBe(series.occurrence + 1);
  });

  it('[WP6] a queued Snooze sets the one snooze reminder 10 minutes after the tap; entries of another account wait for it', async () => {
    const task = await repository.create({ title: 'Call the dentist', due: DUE });
    await queue.record({ action: 'snooze', taskId: task.id, occurrence: null, userId: 'u1', at: '2026-03-02T07:01:00.000Z' });
    await queue.record({ action: 'done', taskId: task.id, occurrence: null, userId: 'someone-else', at: '2026-03-02T07:01:00.000Z' });
    await queue.record({ action: 'done', taskId: 'gone', occurrence: null, userId: 'u1', at: '2026-03-02T07:01:00.000Z' });

    expect(await apply()).toBe(1);
    const snoozed = (await read(task.id))!;
    expect(snoozed.reminders).toEqual([{ id: SNOOZE_REMINDER_ID, at: '2026-03-02T07:11:00.000Z' }]);
    expect(snoozed.status).toBe('todo');
    expect((await queue.list()).map((entry) => entry.userId)).toEqual(['someone-else']);
  });

  it("[NT24] [WP6] a queued Snooze is the server's: never on a completed task or another occurrence, and a task holding 10 reminders keeps 10", async () => {
    const full = await repository.create({ title: 'Many reminders', due: DUE });
    await repository.update(full.id, {
      reminders: Array.from({ length: 10 }, (_, index) => ({ id: `r${index}`, before: `PT${index + 1}M` })),
    });
    const done = await repository.create({ title: 'Already done', due: DUE });
    await repository.complete(done.id);
    const series = await repository.create({ title: 'Daily', due: DUE, recurrence: DAILY });
    const at = '2026-03-02T07:01:00.000Z';
    await queue.record({ action: 'snooze', taskId: full.id, occurrence: null, userId: 'u1', at });
    await queue.record({ action: 'snooze', taskId: done.id, occurrence: null, userId: 'u1', at });
    await queue.record({ action: 'snooze', taskId: series.id, occurrence: series.occurrence + 1, userId: 'u1', at });

    expect(await apply()).toBe(1);
    const reminders = (await read(full.id))!.reminders;
    expect(reminders).toHaveLength(10);
    // the one that fires first (10 minutes before the due) made room
    expect(reminders.map((reminder) => reminder.id)).not.toContain('r9');
    expect(reminders).toContainEqual({ id: SNOOZE_REMINDER_ID, at: '2026-03-02T07:11:00.000Z' });
    expect((await read(done.id))!.reminders).toEqual([]);
    expect((await read(series.id))!.reminders).toEqual([]);
  });
});
