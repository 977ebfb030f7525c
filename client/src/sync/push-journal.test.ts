import { randomUUID } from 'node:crypto';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { asVersion1 } from '../../test/support/version-1-app';
import { createTaskDb, type TaskDatabase } from '../db/create-task-db';
import { PUSH_JOURNAL_LIMITS, pushJournalOf } from './push-journal';

describe('push journal', () => {
  const opened: TaskDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });
  async function open(userId = `journal-${randomUUID()}`) {
    const db = await createTaskDb({ userId, storage: getRxStorageMemory(), multiInstance: false });
    opened.push(db);
    return db;
  }

  it('[LE2] keeps the latest distinct pushed states per task, forgets a task once its push is acknowledged, and is bounded', async () => {
    const journal = pushJournalOf(await open());
    const states = Array.from({ length: PUSH_JOURNAL_LIMITS.statesPerTask + 2 }, (_, i) => makeTask({ id: 't1', title: `v${i}` }));
    for (const state of states) await journal.record([state]);
    await journal.record([states[states.length - 1]!]); // a retry of the same row adds nothing
    expect((await journal.pushedStatesOf('t1')).map((task) => task.title)).toEqual(
      states.slice(-PUSH_JOURNAL_LIMITS.statesPerTask).map((task) => task.title),
    );

    await journal.record(Array.from({ length: PUSH_JOURNAL_LIMITS.tasks + 10 }, (_, i) => makeTask({ id: `many-${i}` })));
    expect(await journal.pushedStatesOf('t1')).toEqual([]); // the least recently pushed went first
    expect(await journal.pushedStatesOf('many-9')).toEqual([]);
    expect(await journal.pushedStatesOf('many-10')).toHaveLength(1);

    await journal.forget(['many-10']);
    expect(await journal.pushedStatesOf('many-10')).toEqual([]);
    expect(await journal.pushedStatesOf('many-11')).toHaveLength(1);
  });

  it('[LE2] stays under its byte limit with long descriptions', async () => {
    const journal = pushJournalOf(await open());
    const long = 'x'.repeat(10_000);
    await journal.record(Array.from({ length: 200 }, (_, i) => makeTask({ id: `long-${i}`, description: long })));
    const kept = (await Promise.all(Array.from({ length: 200 }, (_, i) => journal.pushedStatesOf(`long-${i}`)))).filter(
      (states) => states.length > 0,
    );
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length * long.length).toBeLessThanOrEqual(PUSH_JOURNAL_LIMITS.bytes);
    expect(await journal.pushedStatesOf('long-199')).toHaveLength(1);
  });

  it('[LE2] is stored in the database: a reopened database has it', async () => {
    const userId = `journal-${randomUUID()}`;
    const first = await open(userId);
    await pushJournalOf(first).record([makeTask({ id: 'kept', title: 'pushed, never acknowledged' })]);
    await first.close();
    const reopened = await open(userId);
    expect((await pushJournalOf(reopened).pushedStatesOf('kept')).map((task) => task.title)).toEqual(['pushed, never acknowledged']);
  });

  it('[CM2] a journal the version-1 app wrote is read upgraded, so it still matches the server copy of that push', async () => {
    const db = await open();
    const pushed = makeTask({ id: 'old', title: 'pushed by version 1', due: { date: '2026-05-04' } });
    await db.upsertLocal('tasklane-push-journal', { entries: [{ id: 'old', pushed: [asVersion1(pushed)] }] });
    expect(await pushJournalOf(db).pushedStatesOf('old')).toEqual([pushed]);
  });
});
