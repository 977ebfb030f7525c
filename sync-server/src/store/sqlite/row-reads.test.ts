import type Database from 'better-sqlite3';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import type { Store } from '../store';
import { createEmbeddedStore } from './embedded-store';

/** Counts every run, get, all and iterate of the statements prepared on the connection after it opened. */
function countStatements(db: Database.Database): { count: number } {
  const counter = { count: 0 };
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        counter.count += 1;
        return original(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  return counter;
}

/** [SQ4] A push row's repeated reads are answered once, and nothing is deleted that it read as absent. */
describe('push: statements per row', () => {
  const temp = makeTempDir('row-reads');
  let store: Store;
  let statements: { count: number };
  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir }, { onConnectionOpen: (db) => (statements = countStatements(db)) });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function statementsOf(push: () => Promise<unknown>): Promise<number> {
    const before = statements.count;
    await push();
    return statements.count - before;
  }

  it('[SQ4] a new task in the Inbox: its copy and feed entry are each read once (5 statements), and it is stored and pulled', async () => {
    const task = makeTask({ title: 'new in the inbox' });
    // own copy, feed copy, feed entry (hidden?), highest seq, insert — the pusher's own copy and feed entry are not read
    // again for the id check ([SH11]), and no feed entry is deleted that was just read as absent
    expect(await statementsOf(() => store.applyPush('u1', [{ newDocumentState: task }]))).toBe(5);
    const pulled = await store.pullChanges('u1', 0, 10);
    expect(pulled.map((stored) => stored.id)).toEqual([task.id]);
  });

  it('[SQ4] an edit of a task in one of the lists of the user: 5 statements, and the edit is stored', async () => {
    const list = makeList({ name: 'Errands' });
    await store.applyListPush('u2', [{ newDocumentState: list }], undefined);
    const task = makeTask({ title: 'in a list', listId: list.id });
    const first = await store.applyPush('u2', [{ newDocumentState: task }]);
    expect(first.written.map((stored) => stored.listId)).toEqual([list.id]);
    const [stored] = first.written;
    const edited = { ...task, title: 'renamed', updatedAt: new Date(Date.parse(task.updatedAt) + 1000).toISOString() };
    const count = await statementsOf(() => store.applyPush('u2', [{ newDocumentState: edited, assumedMasterState: stored }]));
    // own copy, its list (the user's own), highest seq, update, and the search queue's trigger check
    expect(count).toBe(5);
    const pulled = await store.pullChanges('u2', 0, 10);
    expect(pulled.find((row) => row.id === task.id)?.title).toBe('renamed');
  });
});
