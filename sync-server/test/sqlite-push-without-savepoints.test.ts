import type Database from 'better-sqlite3';
import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

const FAULT = 'this row aborts its statement';

type Push = { user: string; titles: string[] };
const rowsOf = (push: Push): { newDocumentState: Task }[] => push.titles.map((title) => ({ newDocumentState: makeTask({ title }) }));

/**
 * [SW5] A group commit first runs its pushes without savepoints. RAISE(ABORT) undoes only the failing
 * statement, not the transaction: without a savepoint, the rows the failing push wrote before it would
 * stay. They must not be committed, and every other push must be.
 */
describe('[SW5] group commit without savepoints', () => {
  const temp = makeTempDir('no-savepoints');
  let connection: Database.Database | undefined;
  let store: Store;
  beforeAll(() => {
    store = createEmbeddedStore(
      { dataDir: temp.dir },
      {
        onConnectionOpen: (db) => {
          connection = db;
          db.exec(`CREATE TEMP TRIGGER abort_one_row BEFORE INSERT ON main.tasks
                   WHEN json_extract(NEW.doc, '$.title') = '${FAULT}'
                   BEGIN SELECT RAISE(ABORT, 'injected fault: this statement is undone'); END`);
        },
      },
    );
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function applyInOneTurn(pushes: Push[]) {
    const outcomes = await Promise.allSettled(pushes.map((push) => store.applyPush(push.user, rowsOf(push))));
    const stored = await Promise.all(pushes.map(async (push) => (await store.pullChanges(push.user, 0, 100)).map((task) => task.title)));
    return { statuses: outcomes.map((outcome) => outcome.status), stored };
  }

  it('[SW5] keeps sub-journals in memory', () => {
    expect(connection?.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('[SW5] a lone push that fails after writing some rows leaves none of them', async () => {
    const { statuses, stored } = await applyInOneTurn([{ user: 'lone', titles: ['first row', FAULT, 'third row'] }]);
    expect(statuses).toEqual(['rejected']);
    expect(stored).toEqual([[]]);
  });

  it('[SW5] in a group, failing pushes leave none of their rows, every other push commits with dense seqs', async () => {
    const pushes: Push[] = [
      { user: 'ann', titles: ['ann 1', 'ann 2'] },
      { user: 'bob', titles: ['bob 1', FAULT, 'bob 3'] },
      { user: 'ann', titles: ['ann 3'] },
      { user: 'cid', titles: ['cid 1', FAULT] },
      { user: 'bob', titles: ['bob 4'] },
    ];
    const { statuses, stored } = await applyInOneTurn(pushes);
    expect(statuses).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(stored).toEqual([['ann 1', 'ann 2', 'ann 3'], ['bob 4'], ['ann 1', 'ann 2', 'ann 3'], [], ['bob 4']]);
    expect((await store.pullChanges('ann', 0, 100)).map((task) => task.seq)).toEqual([1, 2, 3]);
    expect((await store.pullChanges('bob', 0, 100)).map((task) => task.seq)).toEqual([1]);
    // Search sees the committed rows only.
    expect((await store.listTasks('bob', { limit: 10, q: 'bob' })).tasks.map((task) => task.title)).toEqual(['bob 4']);
  });
});
