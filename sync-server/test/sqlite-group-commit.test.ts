import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import type { Task } from '@tasklane/shared/domain/task';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';
import type Database from 'better-sqlite3';

/** Room for a handful of small tasks and their search index, far too little for one push of 100 long descriptions. */
const SPARE_PAGES = 40;
const FAULT_TITLE = 'this push rolls the transaction back';

type Push = { user: string; rows: { newDocumentState: Task }[] };
const small = (user: string, title = `small task of ${user}`): Push => ({ user, rows: [{ newDocumentState: makeTask({ title }) }] });

/** Every push must be reported exactly as it ended: ok ⇔ committed. Returns the violations and the outcomes. */
async function applyInOneTurn(store: Store, pushes: Push[]) {
  // Same event-loop turn: one group commit.
  const outcomes = await Promise.allSettled(pushes.map((push) => store.applyPush(push.user, push.rows)));
  const violations: string[] = [];
  for (const [index, push] of pushes.entries()) {
    const stored = await Promise.all(push.rows.map((row) => store.getTask(push.user, row.newDocumentState.id)));
    const committed = stored.filter((task) => task !== null);
    const outcome = outcomes[index]!;
    if (outcome.status === 'fulfilled' && committed.length !== push.rows.length)
      violations.push(`push ${index} reported ok but not committed`);
    if (outcome.status === 'rejected' && committed.length > 0) violations.push(`push ${index} reported failed but committed`);
  }
  return { violations, statuses: outcomes.map((outcome) => outcome.status), outcomes };
}

/**
 * docs/reliability.md [LE3]: pushes that arrive in one event-loop turn share
 * one SQLite transaction (group commit). An error that rolls that whole
 * transaction back (SQLITE_FULL or SQLITE_IOERR can; injected here with a
 * connection-local trigger that RAISEs ROLLBACK, the same effect) must not let
 * later pushes commit on their own, and each push must learn exactly its own
 * outcome.
 */
describe('SQLite group commit when one push fails', () => {
  const temp = makeTempDir('group-commit');
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    temp.remove();
  });

  function openStore(fileName: string, fault: (db: Database.Database) => void): Store {
    const store = createEmbeddedStore({ dataDir: temp.dir, fileName }, { onConnectionOpen: fault });
    stores.push(store);
    return store;
  }

  it('[LE3] a push that rolls the whole transaction back fails alone; the pushes before and after it are committed and reported ok', async () => {
    const store = openStore('rollback.sqlite', (db) =>
      db.exec(`CREATE TEMP TRIGGER inject_fault BEFORE INSERT ON main.tasks
               WHEN json_extract(NEW.doc, '$.title') = '${FAULT_TITLE}'
               BEGIN SELECT RAISE(ROLLBACK, 'injected fault: the transaction is rolled back'); END`),
    );
    const pushes = [small('user-a'), small('user-b'), small('user-c', FAULT_TITLE), small('user-d'), small('user-a', 'second of a')];
    const { violations, statuses, outcomes } = await applyInOneTurn(store, pushes);
    expect(violations).toEqual([]);
    expect(statuses).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('injected fault');
    // Each user's seqs stay dense: nothing was allocated twice or skipped.
    expect((await store.pullChanges('user-a', 0, 10)).map((task) => [task.seq, task.title])).toEqual([
      [1, 'small task of user-a'],
      [2, 'second of a'],
    ]);
    await expect(store.applyPush('user-c', small('user-c').rows)).resolves.toMatchObject({ conflicts: [] });
  });

  it('[LE3] SQLITE_FULL (a tiny max_page_count): the push that does not fit fails, every other push is committed and reported ok', async () => {
    const store = openStore('full.sqlite', (db) => {
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + SPARE_PAGES}`);
    });
    const huge: Push = {
      user: 'user-huge',
      rows: Array.from({ length: 100 }, (_, i) => ({ newDocumentState: makeTask({ title: `huge ${i}`, description: 'x'.repeat(9_000) }) })),
    };
    const { violations, statuses, outcomes } = await applyInOneTurn(store, [small('user-a'), small('user-b'), huge, small('user-c')]);
    expect(violations).toEqual([]);
    expect(statuses).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    await expect(store.applyPush('user-a', small('user-a').rows)).resolves.toMatchObject({ conflicts: [] });
  });
  it('[RJ7] [RJ2] a list push run again after another push of its group commit rolled the batch back counts the lists again', async () => {
    const limits = { maxLiveLists: 2 };
    const store = createEmbeddedStore(
      { dataDir: temp.dir, fileName: 'cap-retry.sqlite' },
      {
        faults: {
          reached(point, { userId }) {
            if (point === 'after-claim' && userId === 'user-faulty') throw new Error('injected fault: this push fails');
          },
        },
      },
    );
    stores.push(store);
    await store.applyListPush('user-a', [{ newDocumentState: makeList({ name: 'first' }) }], limits);
    // One turn: user-a's push runs first, admits its list, then the failing push rolls the group back and user-a's runs again.
    const [capped, failed] = await Promise.allSettled([
      store.applyListPush('user-a', [{ newDocumentState: makeList({ name: 'second' }) }], limits),
      store.applyPush('user-faulty', small('user-faulty').rows),
    ]);
    expect(failed.status).toBe('rejected');
    expect(capped).toMatchObject({ status: 'fulfilled', value: { written: [expect.objectContaining({ name: 'second' })] } });
    expect((capped as PromiseFulfilledResult<{ overCap?: string[] }>).value.overCap).toBeUndefined();
    expect((await store.pullListChanges('user-a', 0, 10)).map((list) => list.name)).toEqual(['first', 'second']);
  });
});
